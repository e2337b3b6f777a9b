package org.unveil.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #8, "nothing a user can lose": pack never replaces a secret or key file, a failed or
 * interrupted pack leaves nothing behind, and temp files abandoned by a killed run are swept.
 */
class PackSafetyTest {
    @TempDir Path dir;

    private Path input() throws IOException {
        return Files.writeString(dir.resolve("notes.txt"), "Recorded in one take.\n".repeat(100));
    }

    private static CliRun pack(Path out, Path keys, String... more) {
        List<String> args = new ArrayList<>(List.of("pack", "--out", out.toString(), "--test-keyholders", keys.toString(),
                "--pledge-deadline", "2030-01-01T00:00:00Z"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** Every file under {@code root} with its bytes, so a test sees anything written, replaced or left behind. */
    private static Map<String, byte[]> snapshot(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        if (!Files.exists(root)) return files;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) files.put(root.relativize(p).toString(), Files.readAllBytes(p));
        }
        return files;
    }

    private static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), name + " changed"));
    }

    private static List<String> temps(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".unveil-tmp")).toList();
        }
    }

    @Test
    void packTwiceRefusesUpFrontAndKeepsTheFirstSecretByteForByte() throws Exception {
        Path in = input();
        Path out = dir.resolve("release.tar");
        assertEquals(0, pack(out, dir.resolve("keys"), in.toString()).exit());
        Map<String, byte[]> before = snapshot(dir);

        CliRun again = pack(out, dir.resolve("keys2"), in.toString());
        assertEquals(1, again.exit());
        assertTrue(again.err().contains(out + ".secret exists: it may be the only copy of an earlier release's secret."
                + " Choose another --out or --secret-out, or move the file away"), again.err());
        assertSameFiles(before, snapshot(dir));
        assertFalse(Files.exists(dir.resolve("keys2")), "refused before any key was generated");

        // --secret-out naming the earlier secret is refused the same way, whatever --out says.
        CliRun other = pack(dir.resolve("other.tar"), dir.resolve("keys3"), "--secret-out", out + ".secret", in.toString());
        assertEquals(1, other.exit());
        assertTrue(other.err().contains("Choose another --out or --secret-out"), other.err());
        assertSameFiles(before, snapshot(dir));
    }

    @Test
    void testKeyholdersTwiceRefusesAndKeepsTheEarlierKeys() throws Exception {
        Path in = input();
        Path keys = dir.resolve("keys");
        assertEquals(0, pack(dir.resolve("a.tar"), keys, in.toString()).exit());
        Map<String, byte[]> before = snapshot(dir);
        assertEquals(3, snapshot(keys).size());

        CliRun again = pack(dir.resolve("b.tar"), keys, in.toString());
        assertEquals(1, again.exit());
        assertTrue(again.err().contains(keys.resolve("0-1.key") + " exists: it may be the only copy of an earlier release's keyholder key."
                + " Choose another --test-keyholders directory, or move the key files away"), again.err());
        assertSameFiles(before, snapshot(dir));
    }

    @Test
    void aPackFailingMidwayLeavesNoKeysSecretOrArchive() throws Exception {
        Path big = dir.resolve("big.bin");
        Files.write(big, new byte[10_000]);
        // Found only when the packer plans the cuts: 10 fragments of 1 KiB, there is no fragment 99.
        CliRun badPreview = pack(dir.resolve("a.tar"), dir.resolve("keys"), "--cut", "big.bin:1K", "--preview", "big.bin:99", big.toString());
        assertEquals(1, badPreview.exit());
        assertTrue(badPreview.err().contains("preview index 99 does not exist"), badPreview.err());

        // Fails after the whole archive was written: the secret's directory cannot be created (its parent is a file).
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        CliRun lateFailure = pack(dir.resolve("b.tar"), dir.resolve("keys"), "--secret-out", notADir.resolve("b.secret").toString(), big.toString());
        assertEquals(1, lateFailure.exit());

        CliRun missing = pack(dir.resolve("c.tar"), dir.resolve("keys"), big.toString(), dir.resolve("nonexistent.wav").toString());
        assertEquals(1, missing.exit());

        assertEquals(List.of("big.bin", "plain-file"), List.copyOf(snapshot(dir).keySet()), "no archive, secret, key or temp file is left");
        assertFalse(Files.exists(dir.resolve("keys")), "not even the key directory the failed packs would have made");
    }

    @Test
    void staleTempFilesOfDeadRunsAreSweptWhileLiveAndForeignOnesStay() throws Exception {
        Path in = input();
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Process alive = new ProcessBuilder("sleep", "120").start();
        try {
            Path out = dir.resolve("release.tar");
            Path staleArchive = Files.write(dir.resolve(".release.tar." + dead.pid() + "-123.unveil-tmp"), new byte[4096]);
            Path staleSecret = Files.write(dir.resolve(".release.tar.secret." + dead.pid() + "-9.unveil-tmp"), new byte[64]);
            // The PID is alive but its process started long after the file was last written: the PID was reused.
            Path reusedPid = Files.write(dir.resolve(".release.tar." + alive.pid() + "-7.unveil-tmp"), new byte[10]);
            Files.setLastModifiedTime(reusedPid, FileTime.from(Instant.now().minusSeconds(7200)));
            // A live run's temp file, and files that only look like ours, are not touched.
            Path live = Files.write(dir.resolve(".release.tar." + alive.pid() + "-456.unveil-tmp"), new byte[10]);
            Path foreign = Files.write(dir.resolve(".release.tar.backup.unveil-tmp"), new byte[10]);
            Path otherName = Files.write(dir.resolve(".other.tar." + dead.pid() + "-1.unveil-tmp"), new byte[10]);

            assertEquals(0, pack(out, dir.resolve("keys"), in.toString()).exit());
            assertFalse(Files.exists(staleArchive));
            assertFalse(Files.exists(staleSecret));
            assertFalse(Files.exists(reusedPid));
            assertTrue(Files.exists(live), "a concurrently running unveil's temp file stays");
            assertTrue(Files.exists(foreign));
            assertTrue(Files.exists(otherName), "only temp files of the names this run writes are swept");
        } finally {
            alive.destroyForcibly();
        }
    }

    /** The real CLI in a child JVM (the test classpath), so a signal really ends a process. */
    private Process start(Path cwd, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "org.unveil.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    }

    /**
     * Starts the run and returns once a temp file under {@code root} has grown past 16 MiB. A child that
     * ended before that (seen once in CI, cause not yet known: its log is kept in the message) is started
     * again, at most three times in all, so the signal is always sent to a run that is under way.
     */
    private Process startGrowing(Path root, String... args) throws Exception {
        List<String> early = new ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            Process p = start(dir, args);
            if (awaitTempGrowing(p, root)) return p;
            early.add("exit " + p.waitFor() + ": " + Files.readString(dir.resolve("child.log")));
        }
        throw new AssertionError("the run ended before it could be interrupted, three times: " + early);
    }

    /** Waits until a temp file under {@code root} has grown past 16 MiB (true), or the run ended first (false). */
    private static boolean awaitTempGrowing(Process p, Path root) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) return false;
            try (Stream<Path> s = Files.walk(root)) {
                if (s.filter(f -> f.getFileName().toString().endsWith(".unveil-tmp")).anyMatch(f -> f.toFile().length() > (16 << 20))) return true;
            } catch (IOException | java.io.UncheckedIOException raced) {
                // a file vanished while listing
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no growing temp file under " + root);
    }

    private static void signal(Process p, String signal) throws Exception {
        if (signal.equals("TERM")) {
            p.destroy(); // SIGTERM
        } else {
            assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the run exits after SIG" + signal);
    }

    @Test
    void packAndUnpackStoppedBySigtermOrSigintLeaveNoTempFilesAndNoOutput() throws Exception {
        Path big = dir.resolve("big.bin");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(1L << 30); // sparse: reading is free, packing still encrypts and hashes a GiB
        }
        for (String sig : List.of("TERM", "INT")) {
            Path out = Files.createDirectories(dir.resolve("out-" + sig));
            Process p = startGrowing(out, "pack", "--out", out.resolve("release.tar").toString(), "--test-keyholders", out.resolve("keys").toString(),
                    "--pledge-deadline", "2030-01-01T00:00:00Z", big.toString());
            signal(p, sig);
            assertNotEquals(0, p.exitValue());
            assertEquals(Map.of(), snapshot(out), "SIG" + sig + " during pack leaves no archive, secret, key or temp file: "
                    + Files.readString(dir.resolve("child.log")));
            assertEquals(List.of(), temps(dir));
        }

        // Unpack: a GiB archive, interrupted while its output is written.
        Path tar = dir.resolve("release.tar");
        CliRun packed = CliRun.of("pack", "--out", tar.toString(), "--test-keyholders", dir.resolve("keys").toString(),
                "--pledge-deadline", "2030-01-01T00:00:00Z", big.toString());
        // Failed once in CI (exit 1, passed on rerun): the message says why, next time.
        assertEquals(0, packed.exit(), "pack before the unpack test: " + packed.err());
        Path x = dir.resolve("x");
        Process p = startGrowing(dir, "unpack", tar.toString(), "--out", x.toString(), "--secret-file", tar + ".secret");
        signal(p, "TERM");
        assertNotEquals(0, p.exitValue());
        assertEquals(Map.of(), snapshot(x), "SIGTERM during unpack leaves no output or temp file");
        assertEquals(List.of(), temps(dir));
    }
}
