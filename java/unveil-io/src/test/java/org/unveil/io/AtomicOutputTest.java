package org.unveil.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {
    @TempDir Path dir;

    /** Past several background writebacks, what was written reads back (also mid-write) and lands whole. */
    @Test
    void longWriteWithBackgroundWritebackCommitsEveryByte() throws Exception {
        Path target = dir.resolve("big.bin");
        byte[] block = new byte[1 << 20];
        Random random = new Random(42);
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        long total = 3 * AtomicOutput.WRITEBACK_EVERY + 12345;
        try (AtomicOutput f = AtomicFiles.open(target)) {
            for (long done = 0; done < total; ) {
                int n = (int) Math.min(block.length, total - done);
                random.nextBytes(block);
                written.update(block, 0, n);
                f.write(ByteBuffer.wrap(block, 0, n));
                if (done == 0) {
                    ByteBuffer back = ByteBuffer.allocate(n);
                    f.readFully(back, 0);
                    assertArrayEquals(java.util.Arrays.copyOf(block, n), back.array());
                }
                done += n;
            }
            assertFalse(Files.exists(target), "nothing under the final name before commit");
            f.commit();
        }
        assertEquals(total, Files.size(target));
        assertArrayEquals(written.digest(), MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(target)));
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no temp file left");
        }
    }

    @Test
    void closingWithoutCommitLeavesNothing() throws IOException {
        Path target = dir.resolve("abandoned.bin");
        try (AtomicOutput f = AtomicFiles.open(target)) {
            f.write(ByteBuffer.wrap(new byte[(int) AtomicOutput.WRITEBACK_EVERY + 1]));
        }
        try (var listing = Files.list(dir)) {
            assertEquals(0, listing.count());
        }
    }

    /** Temp files are named .NAME.PID-RANDOM.unveil-tmp; a dead run's are swept, a live run's and foreign files stay. */
    @Test
    void creatingSweepsTempFilesOfDeadRunsOnly() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Process alive = new ProcessBuilder("sleep", "120").start();
        try {
            Path target = dir.resolve("song.tar");
            Path stale = Files.write(dir.resolve(".song.tar." + dead.pid() + "-1.unveil-tmp"), new byte[100]);
            Path live = Files.write(dir.resolve(".song.tar." + alive.pid() + "-2.unveil-tmp"), new byte[100]);
            Path foreign = Files.write(dir.resolve(".song.tar.mine.unveil-tmp"), new byte[100]);
            try (AtomicOutput f = AtomicFiles.open(target)) {
                try (var listing = Files.list(dir)) {
                    assertEquals(1, listing.filter(p -> p.getFileName().toString().startsWith(".song.tar." + ProcessHandle.current().pid() + "-")
                            && p.getFileName().toString().endsWith(TempFiles.SUFFIX)).count(), "its own temp file carries its PID");
                }
            }
            assertFalse(Files.exists(stale));
            assertTrue(Files.exists(live));
            assertTrue(Files.exists(foreign));
        } finally {
            alive.destroyForcibly();
        }
    }
}
