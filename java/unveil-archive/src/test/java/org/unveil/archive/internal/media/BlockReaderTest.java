package org.unveil.archive.internal.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockReaderTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 999, 1000, 1001, 3500, 10_000})
    void theBlocksAreTheFileInOrder(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        Path file = Files.write(dir.resolve("f"), data);
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try (FileChannel ch = FileChannel.open(file); BlockReader blocks = new BlockReader(ch, size, 1000, "f")) {
                for (BlockReader.Block b; (b = blocks.next()) != null; ) {
                    assertEquals(seen.size(), b.offset);
                    seen.write(b.bytes, 0, b.length);
                }
                assertNull(blocks.next(), "the end stays the end");
            }
        });
        assertArrayEquals(data, seen.toByteArray());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void closingBeforeTheEndStopsTheReader(int taken) throws Exception {
        Path file = Files.write(dir.resolve("f"), new byte[100_000]);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try (FileChannel ch = FileChannel.open(file); BlockReader blocks = new BlockReader(ch, 100_000, 1000, "f")) {
                for (int i = 0; i < taken; i++) blocks.next();
            }
        });
    }
}
