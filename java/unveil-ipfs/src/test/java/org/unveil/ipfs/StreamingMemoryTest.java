package org.unveil.ipfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import, CAR export, CAR import and file export of 256 MiB in a JVM capped at 64 MiB of heap. */
class StreamingMemoryTest {
    static final long SIZE = 256L << 20;

    @TempDir
    Path dir;

    @Test
    void quarterGibibytePipelineRunsIn64MibHeap() throws Exception {
        Process child = ForkedJvm.start(Pipeline.class, List.of("-Xmx64m"), dir.toString());
        boolean done = child.waitFor(300, TimeUnit.SECONDS);
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(done, "pipeline finished within 5 minutes");
        assertEquals(0, child.exitValue(), output);
        String[] lines = output.strip().split("\n");
        String expected = UnixFsImporter.importFile(new DeterministicBytes("memory", SIZE), UnixFsProfile.UNIXFS_V1_2025,
                new UnixFsImporterTest.CountingSink()).toString();
        assertEquals("root " + expected, lines[0], output);
        assertEquals("roundtrip ok " + SIZE, lines[lines.length - 1], output);
        System.out.println("StreamingMemoryTest child: " + String.join(" | ", lines));
    }

    /** Child JVM main. Prints the root, timings, and "roundtrip ok N" if the exported bytes equal the input. */
    static final class Pipeline {
        public static void main(String[] args) throws IOException {
            Path base = Path.of(args[0]);
            long t0 = System.nanoTime();
            Cid root;
            try (FsBlockStore store = FsBlockStore.open(base.resolve("a"))) {
                root = UnixFsImporter.importFile(new DeterministicBytes("memory", SIZE), UnixFsProfile.UNIXFS_V1_2025, store);
                System.out.println("root " + root);
                long t1 = System.nanoTime();
                Path car = base.resolve("file.car");
                try (CarWriter w = new CarWriter(Files.newOutputStream(car), List.of(root))) {
                    DagWalker.walk(root, store, DagScope.ALL, null, w::write);
                }
                long t2 = System.nanoTime();
                System.out.printf("import %.0f MB/s, car export %.0f MB/s%n", mbps(SIZE, t1 - t0), mbps(SIZE, t2 - t1));
                try (FsBlockStore copy = FsBlockStore.open(base.resolve("b")); InputStream in = Files.newInputStream(car)) {
                    long t3 = System.nanoTime();
                    if (!CarImport.importCar(in, copy).equals(root)) {
                        throw new IllegalStateException("CAR root changed");
                    }
                    long t4 = System.nanoTime();
                    Comparing cmp = new Comparing(new DeterministicBytes("memory", SIZE));
                    UnixFsExporter.export(root, copy, cmp);
                    long t5 = System.nanoTime();
                    System.out.printf("car import %.0f MB/s, export %.0f MB/s, max heap %d MiB%n",
                            mbps(SIZE, t4 - t3), mbps(SIZE, t5 - t4), Runtime.getRuntime().maxMemory() >> 20);
                    System.out.println("roundtrip ok " + cmp.count);
                }
            }
        }

        private static double mbps(long bytes, long nanos) {
            return bytes / 1e6 / (nanos / 1e9);
        }
    }

    /** Checks exported bytes against the regenerated input without holding either. */
    private static final class Comparing extends OutputStream {
        private final InputStream expected;
        long count;

        Comparing(InputStream expected) {
            this.expected = expected;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            byte[] want = expected.readNBytes(len);
            if (!java.util.Arrays.equals(want, 0, want.length, b, off, off + len)) {
                throw new IOException("exported bytes differ near offset " + count);
            }
            count += len;
        }
    }
}
