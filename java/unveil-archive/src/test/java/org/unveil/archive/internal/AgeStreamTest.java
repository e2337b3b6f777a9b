package org.unveil.archive.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.archive.AgeIdentity;
import org.unveil.archive.FragmentKeys;
import org.unveil.archive.IntegrityException;
import org.unveil.archive.keys.ReleaseSecret;

/** The hand-written age encryptor and decryptor against Debian's age CLI, in both directions. */
class AgeStreamTest {
    private static final int CHUNK = 65_536;
    private static final int CHUNK_CT = CHUNK + 16;
    // around the decryptor's 16-chunk blocks and the packer's 64-chunk blocks
    private static final int[] SIZES = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 16 * CHUNK, 16 * CHUNK + 1, 17 * CHUNK, 64 * CHUNK + 5};

    @TempDir Path dir;
    private final AgeIdentity id = FragmentKeys.derive(ReleaseSecret.generate(new SecureRandom()), 0).ageIdentity();

    @Test
    void ageCliDecryptsWhatTheEncryptorWrites() throws Exception {
        Files.writeString(dir.resolve("id.txt"), id.encoded() + "\n");
        for (int size : SIZES) {
            byte[] plain = random(size);
            byte[] sealed = encrypt(plain, new SecureRandom());
            assertEquals(AgeSizes.storedSize(size), sealed.length, "stored size formula for " + size);
            Files.write(dir.resolve("f.age"), sealed);
            run("age -d -i id.txt f.age > f.out");
            assertArrayEquals(plain, Files.readAllBytes(dir.resolve("f.out")), "size " + size);
        }
    }

    @Test
    void decryptorReadsWhatTheAgeCliWrites() throws Exception {
        for (int size : SIZES) {
            byte[] plain = random(size);
            Files.write(dir.resolve("p"), plain);
            run("age -r " + id.recipient() + " -o p.age p");
            assertArrayEquals(plain, decrypt(Files.readAllBytes(dir.resolve("p.age"))), "size " + size);
        }
    }

    @Test
    void theSameRandomGivesTheSameBytes() throws Exception {
        byte[] plain = random(3 * CHUNK + 9);
        assertArrayEquals(encrypt(plain, seeded(7)), encrypt(plain, seeded(7)));
        assertTrue(!Arrays.equals(encrypt(plain, seeded(7)), encrypt(plain, seeded(8))));
    }

    @Test
    void truncatedExtendedOrFlippedPayloadsFailAuthentication() throws Exception {
        byte[] plain = random(20 * CHUNK + 100); // 21 chunks: two decryptor blocks
        byte[] sealed = encrypt(plain, new SecureRandom());
        int payload = sealed.length - (20 * CHUNK_CT + 116);
        // cut at a chunk boundary inside the first block, and exactly at the block boundary
        for (int chunks : new int[] {3, 16}) {
            byte[] cut = Arrays.copyOf(sealed, payload + chunks * CHUNK_CT);
            assertThrows(IntegrityException.class, () -> decrypt(cut), "truncated after " + chunks + " chunks");
        }
        byte[] longer = Arrays.copyOf(sealed, sealed.length + CHUNK_CT);
        System.arraycopy(sealed, payload, longer, sealed.length, CHUNK_CT);
        assertThrows(IntegrityException.class, () -> decrypt(longer));
        byte[] flipped = sealed.clone();
        flipped[payload + 17 * CHUNK_CT + 5] ^= 1;
        assertThrows(IntegrityException.class, () -> decrypt(flipped));
        byte[] badMac = sealed.clone();
        badMac[30] ^= 1; // inside the stanza line: the header MAC no longer verifies (or the stanza fails)
        assertThrows(Exception.class, () -> decrypt(badMac));
        byte[] inTag = Arrays.copyOf(sealed, sealed.length - 20 - CHUNK + 100);
        assertThrows(IntegrityException.class, () -> decrypt(inTag));
        assertArrayEquals(plain, decrypt(sealed));
    }

    private byte[] encrypt(byte[] plain, SecureRandom random) {
        AgeEncryptor e = AgeEncryptor.create(id.recipient(), random);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(e.header());
        int block = 4 * CHUNK; // several calls, to cross the encryptor's block boundaries
        int pos = 0;
        do {
            int n = Math.min(block, plain.length - pos);
            byte[] ct = new byte[AgeEncryptor.ciphertextLength(n)];
            int len = e.encrypt(plain, pos, n, ct, pos + n == plain.length);
            out.write(ct, 0, len);
            pos += n;
        } while (pos < plain.length);
        e.destroy();
        return out.toByteArray();
    }

    private byte[] decrypt(byte[] sealed) throws Exception {
        try (AgeDecryptingChannel ch = AgeDecryptingChannel.open(new ByteArrayInputStream(sealed), id)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(300_000);
            while (ch.read(buf.clear()) >= 0) out.write(buf.array(), 0, buf.position());
            return out.toByteArray();
        }
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    private static SecureRandom seeded(long seed) throws Exception {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(seed);
        return r;
    }

    private void run(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), command + ": " + out);
    }
}
