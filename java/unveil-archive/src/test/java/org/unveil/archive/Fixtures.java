package org.unveil.archive;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.unveil.archive.keys.ReleaseKey;

/** Shared test inputs: terms, keyholder keys, deterministic randomness and media files. */
final class Fixtures {
    static final ReleaseTerms TERMS = new ReleaseTerms(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3",
            "0x1111111111111111111111111111111111111111", ReleaseTerms.ZERO_ADDRESS, new BigInteger("1000000000000000000"),
            new BigInteger("900000000000000000"), 1_800_000_000L, 1_800_600_000L, 86_400);
    static final String LICENSE = "CC BY 4.0, valid only if release contract 0x1111111111111111111111111111111111111111 on chain 31337 is fulfilled; otherwise all rights reserved.";

    private Fixtures() {}

    /** A SecureRandom that replays a fixed seed (SHA1PRNG seeded before first use is deterministic). */
    static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<ReleaseKey> keys(int n, long seed) {
        SecureRandom r = seeded(seed);
        List<ReleaseKey> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) keys.add(ReleaseKey.random(r));
        return keys;
    }

    static List<byte[]> publicKeys(List<ReleaseKey> keys) {
        return keys.stream().map(ReleaseKey::publicKey).toList();
    }

    static Path randomFile(Path dir, String name, int size, long seed) throws IOException {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.write(p, b);
    }

    static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ArchivePacker.Builder packer(List<ReleaseKey> keys, int threshold) {
        return ArchivePacker.builder().terms(TERMS).license(LICENSE).group(threshold, publicKeys(keys));
    }

    /** Runs a command and returns its exit code, with stdout+stderr in {@code output[0]}. */
    static int run(Path dir, String[] output, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (output != null) output[0] = out;
        return rc;
    }
}
