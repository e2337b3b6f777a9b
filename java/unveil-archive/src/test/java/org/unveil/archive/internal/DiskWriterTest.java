package org.unveil.archive.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real files on the test's file system (O_DIRECT where it allows it) and on tmpfs (the buffered fallback). */
class DiskWriterTest {
    private static final int MIB = 1 << 20;
    @TempDir Path dir;

    @Test
    void writesExactlyTheBytesGivenAroundBlockAndAlignmentEdges() throws Exception {
        List<Path> dirs = new ArrayList<>(List.of(dir));
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) dirs.add(Files.createTempDirectory(shm, "unveil-diskwriter"));
        int[] sizes = {0, 1, 4095, 4096, 4 * MIB - 1, 4 * MIB, 4 * MIB + 4097, 9 * MIB + 3};
        try {
            for (Path d : dirs) {
                for (boolean bypass : new boolean[] {true, false}) {
                    for (int size : sizes) {
                        byte[] data = new byte[size];
                        new Random(size).nextBytes(data);
                        Path f = Files.createTempFile(d, "w", ".bin");
                        Files.write(f, new byte[10 * MIB + 7]); // longer stale content must be cut off
                        java.io.ByteArrayOutputStream tapped = new java.io.ByteArrayOutputStream();
                        try (DiskWriter w = DiskWriter.open(f, bypass, tapped::write)) {
                            // uneven write sizes, heap buffers like the callers use
                            int pos = 0, step = 1;
                            while (pos < size) {
                                int n = Math.min(step, size - pos);
                                w.write(ByteBuffer.wrap(data, pos, n));
                                pos += n;
                                step = step * 7 + 13;
                            }
                            assertEquals(size, w.position());
                        }
                        assertArrayEquals(data, Files.readAllBytes(f), d + " bypass=" + bypass + " size=" + size);
                        assertArrayEquals(data, tapped.toByteArray(), "the tap saw every byte once, in order, no padding: size=" + size);
                        Files.delete(f);
                    }
                }
            }
        } finally {
            if (dirs.size() > 1) Files.deleteIfExists(dirs.get(1));
        }
    }

    @Test
    void blocksAreExactlyFourMebibytesAndAlignedWhateverAddressTheAllocatorGave() {
        // The allocator's address varies run to run; an aligned one once gave a block 4 KiB too long,
        // which overran the tap's copies. Many allocations at several alignments cover both cases.
        for (int alignment : new int[] {0, 512, 4096, 65536}) {
            for (int i = 0; i < 64; i++) {
                ByteBuffer b = DiskWriter.block(alignment);
                assertEquals(4 * MIB, b.capacity(), "alignment " + alignment);
                assertEquals(4 * MIB, b.remaining());
                if (alignment > 0) assertEquals(0, b.alignmentOffset(0, alignment), "alignment " + alignment);
            }
        }
    }

    @Test
    void refusesWritesAfterClose() throws Exception {
        Path f = Files.createTempFile(dir, "w", ".bin");
        DiskWriter w = DiskWriter.open(f, true);
        w.close();
        assertThrows(ClosedChannelException.class, () -> w.write(ByteBuffer.wrap(new byte[1])));
    }
}
