package org.unveil.ipfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnixFsExporterTest {
    /** Small chunks and fan-out so a few KiB make a 4-level tree. */
    private static final DagLayout TINY = new DagLayout(10, 3, true);

    private static byte[] export(Cid root, BlockSource src, long offset, long length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        UnixFsExporter.export(root, src, out, offset, length);
        return out.toByteArray();
    }

    @Test
    void roundTripsBothProfilesAtBoundarySizes() throws IOException {
        for (UnixFsProfile p : UnixFsProfile.values()) {
            for (long size : new long[] {0, 1, p.chunkSize() - 1, p.chunkSize(), p.chunkSize() + 1, 3L * p.chunkSize() + 7}) {
                byte[] data = DeterministicBytes.bytes("export", (int) size);
                MemoryBlocks blocks = new MemoryBlocks();
                Cid root = UnixFsImporter.importFile(new ByteArrayInputStream(data), p, blocks);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                UnixFsExporter.export(root, blocks, out);
                assertArrayEquals(data, out.toByteArray(), p + " " + size);
                assertEquals(size, UnixFsExporter.size(root, blocks));
            }
        }
    }

    @Test
    void everyRangeOfAMultiLevelTreeMatchesTheInput() throws IOException {
        byte[] data = DeterministicBytes.bytes("ranges", 287); // 29 leaves, depth 4 with fan-out 3
        MemoryBlocks blocks = new MemoryBlocks();
        Cid root = UnixFsImporter.importFile(new ByteArrayInputStream(data), TINY, blocks);
        for (int from = 0; from <= data.length + 2; from += 3) {
            for (int len : new int[] {0, 1, 9, 10, 11, 31, 100, 1000}) {
                int end = Math.min(data.length, from + len);
                byte[] expected = from >= data.length ? new byte[0] : Arrays.copyOfRange(data, from, end);
                assertArrayEquals(expected, export(root, blocks, from, len), from + "+" + len);
            }
        }
    }

    @Test
    void aRangeFetchesOnlyThePathToItsLeaves() throws IOException {
        UnixFsProfile p = UnixFsProfile.KUBO_LEGACY;
        byte[] data = DeterministicBytes.bytes("path", p.chunkSize() * 10);
        MemoryBlocks blocks = new MemoryBlocks();
        Cid root = UnixFsImporter.importFile(new ByteArrayInputStream(data), p, blocks);
        blocks.reads.clear();
        byte[] slice = export(root, blocks, 5L * p.chunkSize() - 3, 6);
        assertArrayEquals(Arrays.copyOfRange(data, 5 * p.chunkSize() - 3, 5 * p.chunkSize() + 3), slice);
        assertEquals(3, blocks.reads.size(), "root plus the two leaves the range spans");
    }

    @Test
    void aTamperedLeafIsRejected() throws IOException {
        byte[] data = DeterministicBytes.bytes("tamper", 50);
        MemoryBlocks blocks = new MemoryBlocks();
        Cid root = UnixFsImporter.importFile(new ByteArrayInputStream(data), TINY, blocks);
        Cid leaf = Cid.sha256(Cid.RAW, Arrays.copyOfRange(data, 20, 30));
        blocks.blocks.get(leaf)[0] ^= 1;
        InvalidBlockException e = assertThrows(InvalidBlockException.class, () -> export(root, blocks, 0, Long.MAX_VALUE));
        assertTrue(e.getMessage().contains(leaf.toString()), e.getMessage());
        assertArrayEquals(Arrays.copyOf(data, 20), export(root, blocks, 0, 20), "bytes before the bad leaf still export");
    }

    @Test
    void blocksizesThatDisagreeWithTheChildAreRejected() throws IOException {
        MemoryBlocks blocks = new MemoryBlocks();
        Cid a = blocks.add(Cid.RAW, new byte[] {1, 2, 3});
        Cid b = blocks.add(Cid.RAW, new byte[] {4, 5});
        Cid root = blocks.add(Cid.DAG_PB, DagPb.encode(
                List.of(new DagPb.Link(a, "", 3L), new DagPb.Link(b, "", 2L)),
                UnixFsData.encodeFile(null, new long[] {3, 3})));
        InvalidBlockException e = assertThrows(InvalidBlockException.class, () -> export(root, blocks, 0, 100));
        assertTrue(e.getMessage().contains("holds 3 bytes but it holds 2"), e.getMessage());
    }

    @Test
    void filesizeThatDisagreesWithBlocksizesIsRejected() throws IOException {
        MemoryBlocks blocks = new MemoryBlocks();
        Cid a = blocks.add(Cid.RAW, new byte[] {1, 2, 3});
        byte[] unixfs = {0x08, 0x02, 0x18, 0x09, 0x20, 0x03}; // Type=File, filesize=9, blocksizes=[3]
        Cid root = blocks.add(Cid.DAG_PB, DagPb.encode(List.of(new DagPb.Link(a, "", 3L)), unixfs));
        InvalidBlockException e = assertThrows(InvalidBlockException.class, () -> UnixFsExporter.size(root, blocks));
        assertTrue(e.getMessage().contains("declares filesize 9"), e.getMessage());
        byte[] missing = {0x08, 0x02, 0x18, 0x03}; // one link, no blocksizes
        Cid root2 = blocks.add(Cid.DAG_PB, DagPb.encode(List.of(new DagPb.Link(a, "", 3L)), missing));
        assertThrows(InvalidBlockException.class, () -> UnixFsExporter.size(root2, blocks));
    }

    @Test
    void unknownCodecsDirectoriesAndOversizedBlocksAreRejected() throws IOException {
        MemoryBlocks blocks = new MemoryBlocks();
        Cid cbor = blocks.add(Cid.DAG_CBOR, new byte[] {(byte) 0xa0});
        Cid viaCbor = blocks.add(Cid.DAG_PB, DagPb.encode(List.of(new DagPb.Link(cbor, "", 1L)),
                UnixFsData.encodeFile(null, new long[] {1})));
        InvalidBlockException e = assertThrows(InvalidBlockException.class, () -> export(viaCbor, blocks, 0, 10));
        assertTrue(e.getMessage().contains("codec 0x71"), e.getMessage());

        Cid dir = blocks.add(Cid.DAG_PB, DagPb.encode(List.of(), new byte[] {0x08, 0x01}));
        e = assertThrows(InvalidBlockException.class, () -> UnixFsExporter.size(dir, blocks));
        assertTrue(e.getMessage().contains("directory, not a file"), e.getMessage());

        Cid huge = blocks.add(Cid.RAW, new byte[BlockLoader.MAX_BLOCK_SIZE + 1]);
        e = assertThrows(InvalidBlockException.class, () -> UnixFsExporter.size(huge, blocks));
        assertTrue(e.getMessage().contains("over the 2097152-byte limit"), e.getMessage());

        Cid garbage = blocks.add(Cid.DAG_PB, new byte[] {0x0a, 0x7f, 1});
        assertThrows(InvalidBlockException.class, () -> UnixFsExporter.size(garbage, blocks));
    }

    @Test
    void dagsDeeperThanTheCapAreRejected() throws IOException {
        MemoryBlocks blocks = new MemoryBlocks();
        Cid node = blocks.add(Cid.RAW, new byte[] {42});
        for (int depth = 1; depth <= BlockLoader.MAX_DEPTH; depth++) {
            node = blocks.add(Cid.DAG_PB, DagPb.encode(List.of(new DagPb.Link(node, "", 1L)),
                    UnixFsData.encodeFile(null, new long[] {1})));
        }
        assertArrayEquals(new byte[] {42}, export(node, blocks, 0, 1), "exactly at the cap still reads");
        Cid tooDeep = blocks.add(Cid.DAG_PB, DagPb.encode(List.of(new DagPb.Link(node, "", 1L)),
                UnixFsData.encodeFile(null, new long[] {1})));
        InvalidBlockException e = assertThrows(InvalidBlockException.class, () -> export(tooDeep, blocks, 0, 1));
        assertTrue(e.getMessage().contains("deeper than 64"), e.getMessage());
    }

    @Test
    void missingBlocksSurfaceAsBlockNotFound() throws IOException {
        byte[] data = DeterministicBytes.bytes("missing", 40);
        MemoryBlocks blocks = new MemoryBlocks();
        Cid root = UnixFsImporter.importFile(new ByteArrayInputStream(data), TINY, blocks);
        Cid last = Cid.sha256(Cid.RAW, Arrays.copyOfRange(data, 30, 40));
        blocks.blocks.remove(last);
        BlockNotFoundException e = assertThrows(BlockNotFoundException.class, () -> export(root, blocks, 0, 100));
        assertEquals(last, e.cid());
    }

    @Test
    void negativeOffsetsAreMisuse() {
        assertThrows(IllegalArgumentException.class, () -> export(Cid.sha256(Cid.RAW, new byte[0]), new MemoryBlocks(), -1, 1));
    }
}
