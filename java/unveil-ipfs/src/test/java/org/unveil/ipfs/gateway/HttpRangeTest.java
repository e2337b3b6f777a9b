package org.unveil.ipfs.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HttpRangeTest {
    @Test
    void parsesTheThreeSinglePartForms() {
        assertEquals(new HttpRange(10, 20), HttpRange.parse("bytes=10-19", 100));
        assertEquals(new HttpRange(10, 100), HttpRange.parse("bytes=10-", 100));
        assertEquals(new HttpRange(90, 100), HttpRange.parse("bytes=-10", 100));
        assertEquals(new HttpRange(0, 100), HttpRange.parse("bytes=-1000", 100), "suffix longer than file");
        assertEquals(new HttpRange(95, 100), HttpRange.parse("bytes=95-1000", 100), "end clamped");
    }

    @Test
    void ignoresWhatItDoesNotServe() {
        assertNull(HttpRange.parse(null, 100));
        assertNull(HttpRange.parse("bytes=0-1,5-6", 100), "multi-part: whole file");
        assertNull(HttpRange.parse("items=0-1", 100));
        assertNull(HttpRange.parse("bytes=5-2", 100), "invalid: ignored per RFC 9110");
        assertNull(HttpRange.parse("bytes=a-b", 100));
    }

    @Test
    void whollyOutsideIs416() {
        assertEquals(416, assertThrows(GatewayRequestException.class, () -> HttpRange.parse("bytes=100-", 100)).status());
        assertEquals(416, assertThrows(GatewayRequestException.class, () -> HttpRange.parse("bytes=-0", 100)).status());
        assertEquals(416, assertThrows(GatewayRequestException.class, () -> HttpRange.parse("bytes=0-", 0)).status());
    }
}
