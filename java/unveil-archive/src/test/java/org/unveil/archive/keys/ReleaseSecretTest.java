package org.unveil.archive.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ReleaseSecretTest {
    static final String N_HEX = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

    @Test
    void rejectsZeroOrderAndWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> ReleaseSecret.fromBytes(new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> ReleaseSecret.fromBytes(Hex.decode(N_HEX, 32, "n")));
        assertThrows(IllegalArgumentException.class, () -> ReleaseKey.fromBytes(Hex.decode(N_HEX, 32, "n")));
        assertThrows(IllegalArgumentException.class, () -> ReleaseSecret.fromBytes(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> ReleaseSecret.fromBytes(null));
        byte[] nMinus1 = Hex.decode(N_HEX, 32, "n");
        nMinus1[31]--;
        assertEquals(33, ReleaseSecret.fromBytes(nMinus1).publicKey().length);
    }

    @Test
    void addressIsEthereumAddressOfThePoint() {
        byte[] k = Hex.decode("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", 32, "k");
        // The same scalar as a wallet key has this address (web3j's Credentials and ethers agree).
        String expected = "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23";
        assertEquals(expected, ReleaseSecret.fromBytes(k).address());
        assertEquals(expected, ReleaseKey.fromBytes(k).address());
    }

    @Test
    void publicKeyOfOneIsTheGenerator() {
        byte[] one = new byte[32];
        one[31] = 1;
        assertEquals("0x0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
                Hex.encode0x(ReleaseSecret.fromBytes(one).publicKey()));
    }

    @Test
    void destroyZeroesAndBlocksUse() {
        ReleaseSecret s = ReleaseSecret.generate(new SecureRandom());
        byte[] pub = s.publicKey();
        s.destroy();
        assertTrue(s.isDestroyed());
        assertThrows(IllegalStateException.class, s::bytes);
        assertArrayEquals(pub, s.publicKey(), "public data stays usable");
        ReleaseKey k = ReleaseKey.random(new SecureRandom());
        k.destroy();
        assertThrows(IllegalStateException.class, k::bytes);
        SecretShare share = new SecretShare(1, new byte[32]);
        share.destroy();
        assertThrows(IllegalStateException.class, share::value);
    }

    @Test
    void bytesAreCopiesAndToStringHidesTheSecret() {
        ReleaseSecret s = ReleaseSecret.generate(new SecureRandom());
        byte[] b = s.bytes();
        b[0] ^= 1;
        assertFalse(java.util.Arrays.equals(b, s.bytes()));
        String hexSecret = Hex.encode(s.bytes());
        assertFalse(s.toString().contains(hexSecret));
        assertTrue(s.toString().contains(Hex.encode(s.publicKey())));
        ReleaseKey k = ReleaseKey.random(new SecureRandom());
        assertFalse(k.toString().contains(Hex.encode(k.bytes())));
        SecretShare share = new SecretShare(7, s.bytes());
        assertFalse(share.toString().contains(hexSecret));
    }

    @Test
    void equalityFollowsTheScalar() {
        SecureRandom rnd = new SecureRandom();
        ReleaseSecret a = ReleaseSecret.generate(rnd);
        assertEquals(a, ReleaseSecret.fromBytes(a.bytes()));
        assertEquals(a.hashCode(), ReleaseSecret.fromBytes(a.bytes()).hashCode());
        assertNotEquals(a, ReleaseSecret.generate(rnd));
    }
}
