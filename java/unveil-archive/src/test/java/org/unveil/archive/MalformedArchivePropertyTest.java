package org.unveil.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.archive.internal.TarWriter;
import org.unveil.archive.keys.ReleaseSecret;

/**
 * Feeds at least 10,000 malformed archives (random mutations of valid ones plus structured
 * corruptions) to the reader and, for a share of them, the unpacker. Every case must end in a
 * typed error (or, rarely, a harmless mutation that still verifies), within a per-case timeout,
 * with bounded heap, and an unpack that fails must leave no file behind. The seed is logged and
 * can be replayed with {@code -Dunveil.fuzz.seed=N}; the count with {@code -Dunveil.fuzz.cases=N}.
 */
class MalformedArchivePropertyTest {
    private static final long SEED = Long.getLong("unveil.fuzz.seed", 20261123L);
    private static final int CASES = Integer.getInteger("unveil.fuzz.cases", 10_000);
    private static final long HEAP_LIMIT = 512L * 1024 * 1024;
    @TempDir Path dir;

    @Test
    void malformedArchivesGiveTypedErrorsOnlyWithinBoundedTimeAndMemory() throws Exception {
        System.out.println("MalformedArchivePropertyTest seed=" + SEED + " cases=" + CASES + " (replay: -Dunveil.fuzz.seed=" + SEED + ")");
        Path a = Fixtures.randomFile(dir, "in/a.bin", 70_000, 1);
        Path b = Fixtures.randomFile(dir, "in/b.txt", 300, 2);
        PackResult r = Fixtures.packer(Fixtures.keys(2, 5), 1)
                .file(new FileSpec(a, "music/a.bin", Cut.everyBytes(40_000), Set.of(0)))
                .file(FileSpec.encrypted(b, "b.txt"))
                // A media cut too, so mutations reach the media fields and the header-segment rules.
                .file(new FileSpec(org.unveil.archive.internal.media.FfmpegAudio.tone(dir.resolve("in/c.flac"), 2, 8000, "-c:a", "flac", "-ac", "1"), "c.flac",
                        Cut.media("flac", 1), Set.of(1)))
                .build().pack(dir.resolve("valid.tar"));
        byte[] valid = Files.readAllBytes(dir.resolve("valid.tar"));
        byte[] manifest = r.manifest().canonicalBytes();
        List<byte[]> fragments = fragmentsOf(valid, manifest.length);
        Random rnd = new Random(SEED);
        Mutator mutator = new Mutator(rnd, valid, manifest, fragments);
        ExecutorService pool = Executors.newSingleThreadExecutor(t -> {
            Thread th = new Thread(t, "fuzz-case");
            th.setDaemon(true);
            return th;
        });
        int rejected = 0, accepted = 0, unpacked = 0;
        long peakHeap = 0;
        try {
            for (int i = 0; i < CASES; i++) {
                Mutator.Case c = mutator.next();
                Future<Boolean> f = pool.submit(() -> inspectAccepts(c.bytes()));
                boolean ok;
                try {
                    ok = f.get(10, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    throw new AssertionError("case " + i + " (" + c.kind() + ", seed " + SEED + ") did not finish within 10 s");
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new AssertionError("case " + i + " (" + c.kind() + ", seed " + SEED + ") threw an untyped " + e.getCause(), e.getCause());
                }
                if (ok) accepted++; else rejected++;
                if (i % 25 == 0) {
                    unpackLeavesNothingOnFailure(c, i, r.secret());
                    unpacked++;
                }
                Runtime rt = Runtime.getRuntime();
                peakHeap = Math.max(peakHeap, rt.totalMemory() - rt.freeMemory());
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("MalformedArchivePropertyTest: %d rejected with typed errors, %d harmless mutations accepted, %d also unpacked, peak heap %d MiB%n",
                rejected, accepted, unpacked, peakHeap >> 20);
        assertEquals(CASES, rejected + accepted);
        assertTrue(rejected > CASES * 0.9, "mutations should almost always be caught: " + rejected);
        // The heap bound itself is the JVM's (-Xmx in this module's pom): an unbounded case fails with OutOfMemoryError.
        assertTrue(Runtime.getRuntime().maxMemory() <= HEAP_LIMIT, "run this test with -Xmx at most " + (HEAP_LIMIT >> 20) + " MiB, as the pom does");
    }

    /** true if the archive verifies, false if rejected with a typed error; anything else propagates. */
    private static boolean inspectAccepts(byte[] bytes) throws Exception {
        try {
            ArchiveReader.inspect(new ByteArrayInputStream(bytes));
            return true;
        } catch (ArchiveFormatException | IntegrityException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) throw new AssertionError("error without a message", e);
            return false;
        }
    }

    private void unpackLeavesNothingOnFailure(Mutator.Case c, int i, ReleaseSecret secret) throws IOException {
        Path in = dir.resolve("case.tar");
        Files.write(in, c.bytes());
        Path out = dir.resolve("out-" + i);
        try {
            ArchiveUnpacker.unpack(in, out, secret, ProgressListener.NONE);
        } catch (ArchiveFormatException | IntegrityException e) {
            try (Stream<Path> s = Files.walk(out)) {
                List<Path> left = s.filter(Files::isRegularFile).toList();
                if (!left.isEmpty()) fail("case " + i + " (" + c.kind() + ") failed (" + e.getMessage() + ") but left " + left);
            }
        } catch (java.security.GeneralSecurityException e) {
            // a mutated manifest may carry another S: the unpacker refuses the secret, also typed
        }
    }

    /** The stored fragment bytes of a valid archive, in entry order. */
    private static List<byte[]> fragmentsOf(byte[] tar, int manifestLength) throws IOException {
        List<byte[]> out = new ArrayList<>();
        org.unveil.archive.internal.TarReader reader = new org.unveil.archive.internal.TarReader(new ByteArrayInputStream(tar));
        reader.next();
        for (var e = reader.next(); e != null; e = reader.next()) out.add(reader.content().readAllBytes());
        return out;
    }

    /** Produces malformed variants: byte-level mutations and structure-aware corruptions. */
    static final class Mutator {
        record Case(String kind, byte[] bytes) {}

        private final Random rnd;
        private final byte[] valid;
        private final byte[] manifest;
        private final List<byte[]> fragments;

        Mutator(Random rnd, byte[] valid, byte[] manifest, List<byte[]> fragments) {
            this.rnd = rnd;
            this.valid = valid;
            this.manifest = manifest;
            this.fragments = fragments;
        }

        Case next() throws IOException {
            return switch (rnd.nextInt(10)) {
                case 0 -> new Case("bit flips", flip(valid.clone(), 1 + rnd.nextInt(4)));
                case 1 -> new Case("truncation", Arrays.copyOf(valid, rnd.nextInt(valid.length)));
                case 2 -> new Case("header field", headerField());
                case 3 -> new Case("manifest edit", rebuild(editManifest(), fragments, null));
                case 4 -> new Case("dropped entry", rebuild(manifest, dropOne(), null));
                case 5 -> new Case("extra or renamed entry", rebuild(manifest, fragments, randomName()));
                case 6 -> new Case("fragment bytes", rebuild(manifest, corruptFragment(), null));
                case 7 -> new Case("insert or delete", spliceBytes());
                case 8 -> new Case("huge declared size", hugeSize());
                default -> new Case("random manifest bytes", rebuild(flip(manifest.clone(), 1 + rnd.nextInt(3)), fragments, null));
            };
        }

        private byte[] flip(byte[] b, int n) {
            for (int i = 0; i < n; i++) b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            return b;
        }

        /** Overwrites one header field of some entry with a plausible value and fixes the checksum, to get past it. */
        private byte[] headerField() {
            byte[] b = valid.clone();
            int headers = countHeaders();
            int h = headerOffset(rnd.nextInt(headers));
            int[][] fields = {{0, 100}, {100, 8}, {124, 12}, {156, 1}, {157, 100}, {257, 8}, {345, 155}};
            int[] f = fields[rnd.nextInt(fields.length)];
            String[] values = {"../../etc/passwd", "/abs", "a\\b", "manifest.json", "files/000000/000000.age", "77777777777", "5", "2", "x", "g", "L",
                    "ustar  ", "0000001", "1", "files/./x", "FILES/000000/000000.AGE", "caf\u00e9", "cafe\u0301"};
            byte[] v = values[rnd.nextInt(values.length)].getBytes(StandardCharsets.UTF_8);
            Arrays.fill(b, h + f[0], h + f[0] + f[1], (byte) 0);
            System.arraycopy(v, 0, b, h + f[0], Math.min(v.length, f[1]));
            fixChecksum(b, h);
            return b;
        }

        private byte[] hugeSize() {
            byte[] b = valid.clone();
            int h = headerOffset(rnd.nextInt(countHeaders()));
            byte[] v = String.format("%011o", (long) rnd.nextInt(Integer.MAX_VALUE) * (1 + rnd.nextInt(16))).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(v, 0, b, h + 124, 11);
            fixChecksum(b, h);
            return b;
        }

        private byte[] spliceBytes() {
            int at = rnd.nextInt(valid.length);
            int n = 1 + rnd.nextInt(600);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(valid, 0, at);
            if (rnd.nextBoolean()) {
                byte[] junk = new byte[n];
                rnd.nextBytes(junk);
                out.write(junk, 0, n);
                out.write(valid, at, valid.length - at);
            } else {
                int skip = Math.min(n, valid.length - at);
                out.write(valid, at + skip, valid.length - at - skip);
            }
            return out.toByteArray();
        }

        private byte[] editManifest() {
            String m = new String(manifest, StandardCharsets.UTF_8);
            String[][] edits = {
                {"\"preview\":true", "\"preview\":false"}, {"\"preview\":false", "\"preview\":true"}, {"\"version\":1", "\"version\":2"},
                {"\"path\":\"b.txt\"", "\"path\":\"../b.txt\""}, {"\"path\":\"b.txt\"", "\"path\":\"MUSIC/A.BIN\""}, {"\"size\":300", "\"size\":301"},
                {"\"threshold\":1", "\"threshold\":3"}, {"\"offset\":40000", "\"offset\":39999"}, {"\"path\":\"b.txt\"", "\"path\":\"music/a.bin/x\""},
                {"\"mediaType\":\"text/plain\"", "\"mediaType\":\"text/plain\",\"x\":1"}, {"{\"files\"", "{\"files\":[],\"files\""},
                {"\"license\":\"", "\"license\":\"\\u0000"}, {"\"chainId\":31337", "\"chainId\":-1"}, {"\"storedSize\":300", "\"storedSize\":3000000"}};
            String[] e = edits[rnd.nextInt(edits.length)];
            return m.replaceFirst(java.util.regex.Pattern.quote(e[0]), java.util.regex.Matcher.quoteReplacement(e[1])).getBytes(StandardCharsets.UTF_8);
        }

        private List<byte[]> dropOne() {
            List<byte[]> l = new ArrayList<>(fragments);
            l.remove(rnd.nextInt(l.size()));
            return l;
        }

        private List<byte[]> corruptFragment() {
            List<byte[]> l = new ArrayList<>(fragments);
            int i = rnd.nextInt(l.size());
            l.set(i, flip(l.get(i).clone(), 1));
            return l;
        }

        private String randomName() {
            String[] names = {"files/000000/000000.preview.bin", "files/000009/000000.age", "zzz", "files/000001/000000.age", "manifest.json"};
            return names[rnd.nextInt(names.length)];
        }

        /** A structurally valid tar of the given manifest and fragments (with their real names), plus one extra entry. */
        private byte[] rebuild(byte[] manifestBytes, List<byte[]> frags, String extra) throws IOException {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            TarWriter w = new TarWriter(Channels.newChannel(bos));
            w.entry("manifest.json", manifestBytes);
            String[] names = {"files/000000/000000.preview.bin", "files/000000/000001.age", "files/000001/000000.age"};
            int insertAt = extra == null ? -1 : rnd.nextInt(frags.size() + 1);
            for (int i = 0; i < frags.size(); i++) {
                if (i == insertAt) w.entry(extra, new byte[rnd.nextInt(100)]);
                w.entry(names[Math.min(i, names.length - 1)], frags.get(i));
            }
            if (insertAt == frags.size()) w.entry(extra, new byte[10]);
            w.finish();
            return bos.toByteArray();
        }

        private int countHeaders() {
            return 1 + fragments.size();
        }

        private int headerOffset(int index) {
            int off = 0;
            int size = manifest.length;
            for (int i = 0; i < index; i++) {
                off += 512 + ((size + 511) / 512) * 512;
                size = fragments.get(i).length;
            }
            return off;
        }

        private static void fixChecksum(byte[] b, int h) {
            Arrays.fill(b, h + 148, h + 156, (byte) ' ');
            int sum = 0;
            for (int i = 0; i < 512; i++) sum += b[h + i] & 0xff;
            byte[] d = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(d, 0, b, h + 148, 8);
        }
    }
}
