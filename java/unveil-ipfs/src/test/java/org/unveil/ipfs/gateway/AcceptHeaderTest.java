package org.unveil.ipfs.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AcceptHeaderTest {
    static ResponseFormat pick(String accept) {
        AcceptHeader.Choice c = AcceptHeader.negotiate(accept);
        return c == null ? null : c.format();
    }

    @Test
    void picksTheTrustlessTypes() {
        assertEquals(ResponseFormat.RAW, pick("application/vnd.ipld.raw"));
        assertEquals(ResponseFormat.CAR, pick("application/vnd.ipld.car"));
        assertEquals(ResponseFormat.CAR, pick("application/vnd.ipld.car; version=1; order=dfs; dups=y"));
        assertEquals(ResponseFormat.CAR, pick("APPLICATION/VND.IPLD.CAR;VERSION=\"1\""));
    }

    @Test
    void highestQualityWinsThenListOrder() {
        assertEquals(ResponseFormat.CAR, pick("application/vnd.ipld.raw;q=0.5, application/vnd.ipld.car"));
        assertEquals(ResponseFormat.RAW, pick("application/vnd.ipld.raw, application/vnd.ipld.car"));
        assertEquals(ResponseFormat.RAW, pick("application/vnd.ipld.car;q=0, application/vnd.ipld.raw;q=0.1"));
    }

    @Test
    void unsupportedCarVariantFallsBackToAnotherRangeOr406() {
        assertEquals(ResponseFormat.CAR,
                pick("application/vnd.ipld.car;order=foo, application/vnd.ipld.car;order=dfs;dups=y;q=0.5"));
        GatewayRequestException e = assertThrows(GatewayRequestException.class,
                () -> AcceptHeader.negotiate("application/vnd.ipld.car; version=2"));
        assertEquals(406, e.status());
    }

    @Test
    void browsersGetFileBytesAndUnknownTypesAreIgnored() {
        assertEquals(ResponseFormat.FILE, pick("text/html,application/xhtml+xml,*/*;q=0.8"));
        assertNull(pick("text/html"));
        assertNull(pick(null));
        assertNull(pick(" "));
        assertEquals(ResponseFormat.RAW, pick("application/vnd.ipld.raw;q=nonsense, application/vnd.ipld.raw"));
    }
}
