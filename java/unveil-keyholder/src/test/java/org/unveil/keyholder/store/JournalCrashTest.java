package org.unveil.keyholder.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer killed with SIGKILL at random points, over and over on one file: after every kill the
 * file must be a sound database, keep the exact bytes of every transaction the writer was told were
 * journaled, and never give two actions one nonce. Every fifth run is killed early on a new file, so
 * kills also land in opening and migrating.
 */
class JournalCrashTest {
    private static final int SEEDS = 50;

    @TempDir
    Path dir;

    @Test
    void aWriterKilledAtRandomPointsLosesNoSignedBytesAndSharesNoNonce() throws Exception {
        Path file = dir.resolve("state.db");
        Map<String, byte[]> promised = new HashMap<>(); // "action seq" -> bytes the writer saw committed
        int killedAfterReady = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(seed);
            boolean early = seed % 5 == 4;
            Path target = early ? dir.resolve("fresh-" + seed + ".db") : file;
            Child child = Child.start(target, seed, dir.resolve("native"));
            if (early) {
                Thread.sleep(rnd.nextInt(800));
            } else {
                child.awaitReady();
                Thread.sleep(rnd.nextInt(250));
            }
            if (!child.process.isAlive()) fail("the writer ended by itself (seed " + seed + "): " + child.output());
            child.process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally, no close
            assertTrue(child.process.waitFor(30, TimeUnit.SECONDS), "the killed writer is gone");
            child.reader.join(TimeUnit.SECONDS.toMillis(30));
            if (child.ready.getCount() == 0) killedAfterReady++;
            if (!early) promised.putAll(child.signed());
            verify(target, early ? child.signed() : promised, seed);
        }
        System.out.println("JournalCrashTest: " + SEEDS + " kills, " + killedAfterReady + " in the writing loop, " + promised.size() + " signed attempts kept");
        assertTrue(killedAfterReady >= SEEDS * 4 / 5, "most kills landed in the writing loop, not before it: " + killedAfterReady);
        assertTrue(promised.size() >= SEEDS, "the writers got far enough to test something: " + promised.size() + " signed attempts");
    }

    private static void verify(Path file, Map<String, byte[]> promised, int seed) throws Exception {
        String at = " (after the kill of seed " + seed + ", " + file.getFileName() + ")";
        try (Connection c = TestChain.raw(file); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
                assertEquals("ok", r.getString(1), "integrity_check" + at);
            }
        }
        try (KeyholderStore store = KeyholderStore.open(file)) {
            assertEquals(Migrations.latest(), store.schemaVersion(), "migrated whole" + at);
        }
        try (Connection c = TestChain.raw(file); Statement s = c.createStatement()) {
            for (var p : promised.entrySet()) {
                String[] key = p.getKey().split(" ");
                try (ResultSet r = s.executeQuery("SELECT raw_tx FROM attempt WHERE action_id = " + key[0] + " AND seq = " + key[1])) {
                    assertTrue(r.next(), "attempt " + p.getKey() + " the writer saw committed is missing" + at);
                    assertArrayEquals(p.getValue(), r.getBytes(1), "attempt " + p.getKey() + " has other bytes" + at);
                }
            }
            try (ResultSet r = s.executeQuery("SELECT chain_id, account, nonce, count(*) FROM action WHERE nonce IS NOT NULL GROUP BY 1, 2, 3 HAVING count(*) > 1")) {
                if (r.next()) fail("actions " + r.getInt(4) + " share nonce " + r.getLong(3) + " of " + r.getString(2) + at);
            }
            try (ResultSet r = s.executeQuery("SELECT account, count(*), min(nonce), max(nonce) FROM action WHERE nonce IS NOT NULL GROUP BY account")) {
                while (r.next()) assertEquals(r.getLong(2) - 1, r.getLong(4) - r.getLong(3), "nonces of " + r.getString(1) + " have a gap" + at);
            }
            try (ResultSet r = s.executeQuery("SELECT a.id, a.nonce, a.account, a.chain_id, t.seq, t.raw_tx, t.tx_hash FROM action a JOIN attempt t ON t.action_id = a.id")) {
                while (r.next()) {
                    SignedTransaction tx = SignedTransaction.decode(r.getBytes(6));
                    String what = "attempt " + r.getLong(1) + " " + r.getInt(5) + at;
                    assertEquals(r.getString(7), tx.hash(), what + ": hash of its bytes");
                    assertEquals(r.getLong(2), tx.nonce(), what + ": nonce in its bytes");
                    assertEquals(r.getString(3), tx.from(), what + ": signer");
                }
            }
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM action a WHERE status <> 'INTENDED' AND NOT EXISTS (SELECT 1 FROM attempt WHERE action_id = a.id)")) {
                assertEquals(0, r.getInt(1), "actions past INTENDED without bytes" + at);
            }
        }
    }

    /** The child JVM and what it printed. */
    private record Child(Process process, Thread reader, List<String> lines, CountDownLatch ready) {
        static Child start(Path file, int seed, Path nativeDir) throws IOException {
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
                    "--enable-native-access=ALL-UNNAMED",
                    // sqlite-jdbc unpacks its native library per process; a killed one cannot delete its copy, so it goes under @TempDir.
                    "-Dorg.sqlite.tmpdir=" + nativeDir, "-cp", System.getProperty("java.class.path"),
                    JournalCrashChild.class.getName(), file.toString(), Integer.toString(seed));
            nativeDir.toFile().mkdirs();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch ready = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                        if (line.equals("READY")) ready.countDown();
                    }
                } catch (IOException e) {
                    lines.add("read failed: " + e);
                }
            });
            reader.setDaemon(true);
            reader.start();
            return new Child(p, reader, lines, ready);
        }

        void awaitReady() throws InterruptedException {
            if (!ready.await(60, TimeUnit.SECONDS)) fail("the writer did not get ready: " + output());
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }

        /** "action seq" -> bytes, for every SIGNED line printed. */
        Map<String, byte[]> signed() {
            Map<String, byte[]> out = new HashMap<>();
            synchronized (lines) {
                for (String line : lines) {
                    if (!line.startsWith("SIGNED ")) continue;
                    String[] f = line.split(" ");
                    out.put(f[1] + " " + f[2], HexFormat.of().parseHex(f[3]));
                }
            }
            return out;
        }
    }
}
