package org.unveil.ipfs.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.DagScope;

class GatewayRequestTest {
    static final Cid CID = Cid.sha256(Cid.RAW, new byte[] {1, 2, 3});

    static GatewayRequest parse(String pathAndQuery, String accept) {
        return GatewayRequest.parse(URI.create("http://h" + pathAndQuery), accept);
    }

    static int status(String pathAndQuery, String accept) {
        return assertThrows(GatewayRequestException.class, () -> parse(pathAndQuery, accept)).status();
    }

    @Test
    void formatParameterWinsOverAccept() {
        GatewayRequest r = parse("/ipfs/" + CID + "?format=car", "application/vnd.ipld.raw");
        assertEquals(ResponseFormat.CAR, r.format());
        assertTrue(r.formatFromQuery());
        assertEquals(DagScope.ALL, r.scope());
        assertNull(r.entityBytes());
    }

    @Test
    void entityBytesImpliesEntityScopeUnlessScopeGiven() {
        GatewayRequest r = parse("/ipfs/" + CID + "?format=car&entity-bytes=-1024:*", null);
        assertEquals(DagScope.ENTITY, r.scope());
        assertEquals(-1024, r.entityBytes().from());
        assertNull(r.entityBytes().toInclusiveOrNull());
        assertEquals(DagScope.BLOCK, parse("/ipfs/" + CID + "?format=car&dag-scope=block", null).scope());
    }

    @Test
    void noFormatAndNoAcceptMeansFileBytes() {
        GatewayRequest r = parse("/ipfs/" + CID, null);
        assertEquals(ResponseFormat.FILE, r.format());
        assertFalse(r.formatFromQuery());
    }

    @Test
    void etagsDifferByFormatScopeAndRange() {
        String raw = parse("/ipfs/" + CID + "?format=raw", null).etag();
        assertEquals("\"" + CID + ".raw\"", raw);
        assertEquals("\"" + CID + "\"", parse("/ipfs/" + CID, null).etag());
        String all = parse("/ipfs/" + CID + "?format=car", null).etag();
        String block = parse("/ipfs/" + CID + "?format=car&dag-scope=block", null).etag();
        String range = parse("/ipfs/" + CID + "?format=car&entity-bytes=0:9", null).etag();
        assertNotEquals(all, block);
        assertNotEquals(all, range);
        assertTrue(all.startsWith("\"" + CID + ".car."));
    }

    @Test
    void badRequestsMapToSpecStatuses() {
        assertEquals(400, status("/ipfs/bafy-not-base32", null));
        assertEquals(400, status("/ipfs/" + CID + "?format=zip", null));
        assertEquals(501, status("/ipfs/" + CID + "?format=dag-json", null));
        assertEquals(501, status("/ipns/k51abc", null));
        assertEquals(404, status("/favicon.ico", null));
        assertEquals(400, status("/ipfs/" + CID + "/x?format=raw", null));
        assertEquals(501, status("/ipfs/" + CID + "/x?format=car", null));
        assertEquals("/x/y%20z/", parse("/ipfs/" + CID + "/x/y%20z/", null).contentPath(), "the path gateway walks it");
        assertEquals(400, status("/ipfs/" + CID + "?format=car&car-dups=maybe", null));
        assertEquals(406, status("/ipfs/" + CID + "?format=car&car-order=bfs", null));
        assertEquals(400, status("/ipfs/" + CID + "?entity-bytes=0:1", null));
        assertEquals(400, status("/ipfs/" + CID + "?format=car&entity-bytes=1", null));
        assertEquals(400, status("/ipfs/" + CID + "?" + "a=1&".repeat(20), null));
    }
}
