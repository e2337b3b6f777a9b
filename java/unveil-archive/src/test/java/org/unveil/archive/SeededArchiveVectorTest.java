package org.unveil.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spec/vectors/archive-seeded.tar is what the packer writes today for its committed inputs and
 * seed, byte for byte (so the JavaScript twin reproducing it reproduces Java), and its description
 * is current. Run with {@code -Dunveil.regenerateVectors=true} to rewrite the vector (only after a
 * deliberate format change: every implementation must then follow).
 */
class SeededArchiveVectorTest {
    static final Path VECTORS = SpecVectorsTest.VECTORS;
    @TempDir Path dir;

    @Test
    void theSeededArchiveComesOutByteForByteFromItsInputsAndSeed() throws Exception {
        if (Boolean.getBoolean("unveil.regenerateVectors")) SeededArchiveVectorGenerator.regenerate(VECTORS);
        Path out = dir.resolve("a.tar");
        PackResult r = SeededArchiveVectorGenerator.pack(VECTORS.resolve(SeededArchiveVectorGenerator.NAME), out);
        try {
            byte[] committed = Files.readAllBytes(VECTORS.resolve(SeededArchiveVectorGenerator.NAME + ".tar"));
            assertArrayEquals(committed, Files.readAllBytes(out), "archive-seeded.tar is no longer what the packer writes for its inputs and seed");
            assertEquals(Files.readString(VECTORS.resolve(SeededArchiveVectorGenerator.NAME + ".json")), SeededArchiveVectorGenerator.describe(r, committed));
        } finally {
            r.secret().destroy();
        }
    }

    @Test
    void theSeededArchiveInspectsAndUnpacksToItsInputs() throws Exception {
        Path tar = VECTORS.resolve(SeededArchiveVectorGenerator.NAME + ".tar");
        Inspection i = ArchiveReader.inspect(tar);
        assertEquals(4, i.manifest().fragmentCount(), "empty.bin, data.bin's first and last fragments and long.bin; notes.txt and data.bin's middle are previews");
        PackResult r = SeededArchiveVectorGenerator.pack(VECTORS.resolve(SeededArchiveVectorGenerator.NAME), dir.resolve("b.tar"));
        try {
            ArchiveUnpacker.unpack(tar, dir.resolve("x"), r.secret(), ProgressListener.NONE);
        } finally {
            r.secret().destroy();
        }
        for (SeededArchiveVectorGenerator.Input in : SeededArchiveVectorGenerator.INPUTS) {
            assertArrayEquals(Files.readAllBytes(VECTORS.resolve(SeededArchiveVectorGenerator.NAME).resolve(in.file())),
                    Files.readAllBytes(dir.resolve("x").resolve(in.path())), in.path());
        }
    }
}
