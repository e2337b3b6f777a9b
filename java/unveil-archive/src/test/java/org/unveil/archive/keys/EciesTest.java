package org.unveil.archive.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EciesTest {
    private final SecureRandom rnd = new SecureRandom();

    // Known answers from eciespy (ecies/py tests/utils/test_hash.py, test_elliptic.py, test_symmetric.py).
    @Test
    void hkdfMatchesEciespyKnownAnswer() {
        assertEquals("2f34e5ff91ec85d53ca9b543683174d0cf550b60d5f52b24c97b386cfcf6cbbf",
                Hex.encode(Ecies.hkdfSha256("secret".getBytes(StandardCharsets.US_ASCII), null, null, 32)));
    }

    @Test
    void encapsulationMatchesEciespyKnownAnswer() {
        // Ephemeral secret 2, receiver secret 3: key = HKDF(2G uncompressed || 6G uncompressed).
        byte[] ephemeral = Secp256k1.uncompressed(Secp256k1.mulG(BigInteger.TWO));
        byte[] key = Ecies.deriveKey(ephemeral, Secp256k1.mulG(BigInteger.valueOf(3)).multiply(BigInteger.TWO).normalize());
        assertEquals("6f982d63e8590c9d9b5b4c1959ff80315d772edd8f60287c9361d548d5200f82", Hex.encode(key));
    }

    @Test
    void aesGcmMatchesEciespyKnownAnswer() throws Exception {
        byte[] body = Hex.decode("f3e1ba810d2c8900b11312b7c725565f" + "ec3b71e17c11dbe31484da9450edcf6c"
                + "02d2ffed93b856f148b9", -1, "body");
        assertEquals("helloworld", new String(Ecies.open(new byte[32], body), StandardCharsets.US_ASCII));
        byte[] nonce = Arrays.copyOf(body, 16);
        assertArrayEquals(body, Ecies.seal(new byte[32], nonce, "helloworld".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void roundTripsToCompressedAndUncompressedKeys() throws Exception {
        ReleaseKey k = ReleaseKey.random(rnd);
        byte[] uncompressed = Secp256k1.uncompressed(Secp256k1.decodePoint(k.publicKey(), "pk"));
        for (int len : new int[] {0, 1, 131, 5000}) {
            byte[] msg = new byte[len];
            rnd.nextBytes(msg);
            byte[] c1 = Ecies.encrypt(k.publicKey(), msg, rnd);
            byte[] c2 = Ecies.encrypt(uncompressed, msg, rnd);
            assertEquals(Ecies.OVERHEAD + len, c1.length);
            assertEquals(4, c1[0], "ephemeral key is uncompressed");
            assertArrayEquals(msg, Ecies.decrypt(k.bytes(), c1));
            assertArrayEquals(msg, Ecies.decrypt(k.bytes(), c2));
        }
    }

    @Test
    void everyFlippedBitIsDetected() throws Exception {
        ReleaseKey k = ReleaseKey.random(rnd);
        byte[] c = Ecies.encrypt(k.publicKey(), "a share, 32 bytes, nothing more".getBytes(StandardCharsets.US_ASCII), rnd);
        for (int bit = 0; bit < c.length * 8; bit++) {
            byte[] bad = c.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(KeyException.class, () -> Ecies.decrypt(k.bytes(), bad), "bit " + bit);
        }
    }

    @Test
    void truncationAndExtensionAreDetected() throws Exception {
        ReleaseKey k = ReleaseKey.random(rnd);
        byte[] c = Ecies.encrypt(k.publicKey(), new byte[40], rnd);
        for (int len = 0; len < c.length; len++) {
            byte[] cut = Arrays.copyOf(c, len);
            assertThrows(KeyException.class, () -> Ecies.decrypt(k.bytes(), cut), "length " + len);
        }
        assertThrows(KeyException.class, () -> Ecies.decrypt(k.bytes(), Arrays.copyOf(c, c.length + 1)));
        KeyException e = assertThrows(KeyException.class, () -> Ecies.decrypt(k.bytes(), new byte[10]));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void wrongKeyFailsAuthentication() {
        ReleaseKey k = ReleaseKey.random(rnd);
        byte[] c = Ecies.encrypt(k.publicKey(), new byte[8], rnd);
        KeyException e = assertThrows(KeyException.class, () -> Ecies.decrypt(ReleaseKey.random(rnd).bytes(), c));
        assertTrue(e.getMessage().contains("authentication"), e.getMessage());
    }

    @Test
    void rejectsInvalidRecipientKeys() {
        byte[] notOnCurve = new byte[33];
        notOnCurve[0] = 2;
        Arrays.fill(notOnCurve, 1, 33, (byte) 0xff);
        assertThrows(IllegalArgumentException.class, () -> Ecies.encrypt(notOnCurve, new byte[1], rnd));
        assertThrows(IllegalArgumentException.class, () -> Ecies.encrypt(new byte[64], new byte[1], rnd));
        assertThrows(IllegalArgumentException.class, () -> Ecies.encrypt(new byte[] {0}, new byte[1], rnd));
    }

    @Test
    void ciphertextsAreFreshEachTime() {
        ReleaseKey k = ReleaseKey.random(rnd);
        byte[] a = Ecies.encrypt(k.publicKey(), new byte[4], rnd);
        byte[] b = Ecies.encrypt(k.publicKey(), new byte[4], rnd);
        assertTrue(!Arrays.equals(a, b));
    }
}
