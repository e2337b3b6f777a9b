package org.unveil.ipfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming CID builder agrees with the importer for every size class, piece size and rewrite. */
class UnixFsCidBuilderTest {
    private static Cid imported(byte[] data, UnixFsProfile p) throws IOException {
        return UnixFsImporter.importFile(new ByteArrayInputStream(data), p, (cid, block) -> { });
    }

    @Test
    void agreesWithTheImporterWhateverThePieces() throws IOException {
        Random random = new Random(7);
        UnixFsProfile p = UnixFsProfile.KUBO_LEGACY;
        int c = p.chunkSize();
        int[] sizes = {0, 1, c - 1, c, c + 1, 3 * c, 175 * c + 5}; // 175 chunks: two levels of 174-link nodes
        for (int size : sizes) {
            byte[] data = DeterministicBytes.bytes("cid-builder-" + size, size);
            for (int piece : new int[] {1 << 20, 4096, 777, c}) {
                UnixFsCidBuilder b = new UnixFsCidBuilder(p);
                for (int off = 0; off < size; ) {
                    int n = Math.min(size - off, 1 + random.nextInt(piece));
                    b.update(data, off, n);
                    off += n;
                }
                assertEquals(imported(data, p), b.finish(), "size " + size + " pieces up to " + piece);
            }
        }
        byte[] mib = DeterministicBytes.bytes("cid-builder-2025", 3 << 20);
        UnixFsCidBuilder b = new UnixFsCidBuilder(UnixFsProfile.UNIXFS_V1_2025);
        b.update(mib, 0, mib.length);
        assertEquals(imported(mib, UnixFsProfile.UNIXFS_V1_2025), b.finish());
    }

    @Test
    void aRewrittenChunkCanBeHashedAgain() throws IOException {
        UnixFsProfile p = UnixFsProfile.KUBO_LEGACY;
        int c = p.chunkSize();
        byte[] data = DeterministicBytes.bytes("rewrite", 2 * c + 100);
        UnixFsCidBuilder b = new UnixFsCidBuilder(p);
        b.update(data, 0, data.length); // what went by: a placeholder at bytes 10..20
        byte[] finalBytes = data.clone();
        Arrays.fill(finalBytes, 10, 20, (byte) 0x5a);
        b.rehashChunk(0, Arrays.copyOfRange(finalBytes, 0, c));
        assertEquals(imported(finalBytes, p), b.finish());

        // The last, partial chunk can be rewritten too (a whole archive smaller than one chunk).
        UnixFsCidBuilder partial = new UnixFsCidBuilder(p);
        partial.update(data, 0, c + 5);
        assertThrows(IllegalArgumentException.class, () -> partial.rehashChunk(2, new byte[0]), "chunk 2 never started");
        assertThrows(IllegalArgumentException.class, () -> partial.rehashChunk(0, new byte[c - 1]), "wrong length");
        assertThrows(IllegalArgumentException.class, () -> partial.rehashChunk(1, new byte[4]), "wrong length");
        byte[] tail = {9, 8, 7, 6, 5};
        partial.rehashChunk(1, tail);
        byte[] expected = Arrays.copyOf(data, c + 5);
        System.arraycopy(tail, 0, expected, c, 5);
        assertEquals(imported(expected, p), partial.finish());
    }
}
