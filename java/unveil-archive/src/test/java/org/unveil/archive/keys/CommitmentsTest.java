package org.unveil.archive.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommitmentsTest {
    private final SecureRandom rnd = new SecureRandom();

    @Test
    void hexRoundTrips() {
        Commitments c = FeldmanVss.split(ReleaseSecret.generate(rnd), new GroupSpec(3, 4), rnd).commitments();
        Commitments back = Commitments.fromHex(c.toHex());
        assertEquals(c, back);
        assertEquals(3, back.threshold());
        for (byte[] p : back.points()) assertEquals(33, p.length);
        assertTrue(c.toHex().get(0).startsWith("0x0"));
    }

    @Test
    void acceptsHexWithoutPrefixAndUpperCase() {
        Commitments c = FeldmanVss.split(ReleaseSecret.generate(rnd), new GroupSpec(2, 2), rnd).commitments();
        List<String> bare = c.toHex().stream().map(h -> h.substring(2).toUpperCase()).toList();
        assertEquals(c, Commitments.fromHex(bare));
    }

    @Test
    void rejectsNonPointsNamingTheIndex() {
        Commitments c = FeldmanVss.split(ReleaseSecret.generate(rnd), new GroupSpec(2, 2), rnd).commitments();
        List<String> hex = new ArrayList<>(c.toHex());
        hex.set(1, "0x02" + "ff".repeat(32));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Commitments.fromHex(hex));
        assertTrue(e.getMessage().contains("commitment 1"), e.getMessage());
        hex.set(1, "0x04" + "11".repeat(32));
        assertThrows(IllegalArgumentException.class, () -> Commitments.fromHex(hex));
        hex.set(1, "zz");
        assertThrows(IllegalArgumentException.class, () -> Commitments.fromHex(hex));
    }

    @Test
    void rejectsEmptyAndOversizedLists() {
        assertThrows(IllegalArgumentException.class, () -> Commitments.fromHex(List.of()));
        String g = Hex.encode0x(Secp256k1.compressed(Secp256k1.G));
        assertThrows(IllegalArgumentException.class, () -> Commitments.fromHex(Collections.nCopies(256, g)));
    }
}
