package org.unveil.ipfs.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContentPathTest {
    @Test
    void segmentsArePercentDecodedUtf8() {
        ContentPath p = ContentPath.parse("/a%20b/%C3%B1/c+d/");
        assertEquals(List.of("a b", "ñ", "c+d"), p.segments());
        assertTrue(p.trailingSlash());
        assertEquals("c+d", p.last());
    }

    @Test
    void emptySegmentsAreSkippedAndTheRootHasNone() {
        assertEquals(List.of("a", "b"), ContentPath.parse("/a//b").segments());
        assertEquals(List.of(), ContentPath.parse("").segments());
        assertEquals(false, ContentPath.parse("").trailingSlash());
        assertEquals(true, ContentPath.parse("/").trailingSlash());
    }

    @Test
    void escapingAndMalformedSegmentsAre400() {
        for (String bad : List.of("/..", "/a/./b", "/%2e%2E", "/a%2Fb", "/a%00", "/%ZZ", "/%4", "/%C3", "/%FF%FE")) {
            GatewayRequestException e = assertThrows(GatewayRequestException.class, () -> ContentPath.parse(bad), bad);
            assertEquals(400, e.status(), bad);
        }
        assertThrows(GatewayRequestException.class, () -> ContentPath.parse("/x".repeat(65)));
    }
}
