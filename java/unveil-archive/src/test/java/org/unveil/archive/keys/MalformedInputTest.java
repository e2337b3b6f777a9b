package org.unveil.archive.keys;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile bytes into every decoder: only the documented exception types come out, in bounded time.
 * The seed is fixed and printed so a failure can be replayed.
 */
class MalformedInputTest {
    static final long SEED = 0x5eed_2026_1123L;

    @Test
    void randomAndMutatedCiphertextsOnlyRaiseKeyException() throws Exception {
        System.out.println("MalformedInputTest seed " + SEED);
        Random r = new Random(SEED);
        SecureRandom rnd = new SecureRandom();
        ReleaseSecret s = ReleaseSecret.generate(rnd);
        FeldmanVss.SplitGroup g = FeldmanVss.split(s, new GroupSpec(2, 3), rnd);
        ReleaseKey key = ReleaseKey.random(rnd);
        ShareContext ctx = new ShareContext(5, "0x5fbdb2315678afecb367f032d93f642f64180aa3",
                "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512", s.publicKey(), 0, 1);
        byte[] good = ShareEnvelope.seal(g.shares().get(0), ctx, key.publicKey(), rnd);
        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            byte[] input = switch (i % 4) {
                case 0 -> randomBytes(r, r.nextInt(400));
                case 1 -> mutate(r, good);
                case 2 -> resized(r, good);
                default -> withValidEphemeralKey(r, good);
            };
            try {
                ShareEnvelope.open(input, key, ctx);
                fail("case " + i + " opened a malformed envelope");
            } catch (KeyException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
            }
        }
        assertTrue((System.nanoTime() - start) / 1e9 < 60, "10,000 malformed envelopes took over a minute");
    }

    @Test
    void malformedCommitmentsAndSharesOnlyRaiseIllegalArgument() {
        Random r = new Random(SEED + 1);
        for (int i = 0; i < 2_000; i++) {
            List<String> hex = new ArrayList<>();
            int count = r.nextInt(4);
            for (int j = 0; j < count; j++) {
                byte[] b = randomBytes(r, r.nextBoolean() ? 33 : r.nextInt(70));
                if (b.length == 33 && r.nextBoolean()) b[0] = (byte) (2 + r.nextInt(2));
                hex.add(r.nextBoolean() ? Hex.encode(b) : Hex.encode(b) + "g");
            }
            try {
                Commitments.fromHex(hex);
            } catch (IllegalArgumentException expected) {
                // the only documented failure
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new SecretShare(0, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> new SecretShare(1, new byte[33]));
        byte[] n = Hex.decode(ReleaseSecretTest.N_HEX, 32, "n");
        assertThrows(IllegalArgumentException.class, () -> new SecretShare(1, n));
    }

    private static byte[] randomBytes(Random r, int length) {
        byte[] b = new byte[length];
        r.nextBytes(b);
        return b;
    }

    private static byte[] mutate(Random r, byte[] good) {
        byte[] b = good.clone();
        int flips = 1 + r.nextInt(4);
        for (int f = 0; f < flips; f++) b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
        return b;
    }

    /** Truncated or extended (with zeros): any length but the valid one. */
    private static byte[] resized(Random r, byte[] good) {
        int length = r.nextInt(good.length * 2);
        return java.util.Arrays.copyOf(good, length == good.length ? length + 1 : length);
    }

    /** Keeps a valid ephemeral point so the fuzzing reaches the AES-GCM and plaintext checks. */
    private static byte[] withValidEphemeralKey(Random r, byte[] good) {
        byte[] b = good.clone();
        int from = 65 + r.nextInt(b.length - 65);
        b[from] ^= (byte) (1 + r.nextInt(255));
        return b;
    }
}
