package org.unveil.ipfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagWalkerTest {
    private static final DagLayout TINY = new DagLayout(10, 3, true);

    private static List<Cid> walk(Cid root, BlockSource src, DagScope scope, ByteRange range) throws IOException {
        List<Cid> seen = new ArrayList<>();
        DagWalker.walk(root, src, scope, range, (cid, block) -> seen.add(cid));
        return seen;
    }

    /** Pre-order DFS over the DAG as stored, computed independently from the dag-pb links. */
    private static void preOrder(Cid cid, MemoryBlocks blocks, List<Cid> out) throws IOException {
        if (!out.contains(cid)) {
            out.add(cid);
        }
        if (cid.codec() == Cid.DAG_PB) {
            for (DagPb.Link l : DagPb.decode(blocks.blocks.get(cid)).links()) {
                preOrder(l.hash(), blocks, out);
            }
        }
    }

    @Test
    void allAndEntityVisitAFileDepthFirstPreOrderOnce() throws IOException {
        byte[] data = DeterministicBytes.bytes("walk", 95);
        MemoryBlocks blocks = new MemoryBlocks();
        Cid root = UnixFsImporter.importFile(new ByteArrayInputStream(data), TINY, blocks);
        List<Cid> expected = new ArrayList<>();
        preOrder(root, blocks, expected);
        assertEquals(blocks.blocks.size(), expected.size());
        assertEquals(expected, walk(root, blocks, DagScope.ALL, null));
        assertEquals(expected, walk(root, blocks, DagScope.ENTITY, null));
        assertEquals(List.of(root), walk(root, blocks, DagScope.BLOCK, null));
    }

    @Test
    void duplicateLeavesAreSentOnce() throws IOException {
        MemoryBlocks blocks = new MemoryBlocks();
        Cid root = UnixFsImporter.importFile(new ByteArrayInputStream(new byte[100]), TINY, blocks);
        List<Cid> seen = walk(root, blocks, DagScope.ALL, null);
        assertEquals(seen.size(), seen.stream().distinct().count());
        assertEquals(blocks.blocks.size(), seen.size());
    }

    @Test
    void entityBytesVisitsOnlyThePathToTheRange() throws IOException {
        byte[] data = DeterministicBytes.bytes("range", 95); // leaves of 10 bytes: leaf i holds [10i, 10i+10)
        MemoryBlocks blocks = new MemoryBlocks();
        Cid root = UnixFsImporter.importFile(new ByteArrayInputStream(data), TINY, blocks);
        List<Cid> seen = walk(root, blocks, DagScope.ALL, new ByteRange(25, 34L));
        List<Cid> leaves = seen.stream().filter(c -> c.codec() == Cid.RAW).toList();
        assertEquals(List.of(leaf(data, 2), leaf(data, 3)), leaves, "bytes 25..34 live in leaves 2 and 3");
        // 10 leaves, fan-out 3: leaves 2 and 3 sit under different level-1 nodes that share one level-2 node,
        // so the walk is root, level-2 node, level-1 node, leaf 2, level-1 node, leaf 3.
        assertEquals(6, seen.size());
        assertEquals(root, seen.get(0));
        assertEquals(List.of(Cid.DAG_PB, Cid.DAG_PB, Cid.DAG_PB, Cid.RAW, Cid.DAG_PB, Cid.RAW),
                seen.stream().map(Cid::codec).toList());
        List<Cid> all = walk(root, blocks, DagScope.ALL, null);
        for (int i = 1; i < seen.size(); i++) {
            assertEquals(true, all.indexOf(seen.get(i - 1)) < all.indexOf(seen.get(i)), "range walk keeps DFS order");
        }

        // Negative from counts from the end: the last 5 bytes are the last leaf (bytes 90..94), 6 reach into leaf 8.
        List<Cid> tail = walk(root, blocks, DagScope.ENTITY, new ByteRange(-5, null));
        assertEquals(leaf(data, 9), tail.get(tail.size() - 1));
        assertEquals(1, tail.stream().filter(c -> c.codec() == Cid.RAW).count());
        List<Cid> tail6 = walk(root, blocks, DagScope.ENTITY, new ByteRange(-6, null));
        assertEquals(List.of(leaf(data, 8), leaf(data, 9)), tail6.stream().filter(c -> c.codec() == Cid.RAW).toList());

        // 499:-1000 style: from the start to 86 bytes before the end (inclusive -86 -> offset 9).
        List<Cid> head = walk(root, blocks, DagScope.ENTITY, new ByteRange(0, -86L));
        assertEquals(List.of(leaf(data, 0)), head.stream().filter(c -> c.codec() == Cid.RAW).toList());

        // Outside the file or empty: the root alone (the spec's fallback to dag-scope=block).
        assertEquals(List.of(root), walk(root, blocks, DagScope.ENTITY, new ByteRange(95, null)));
        assertEquals(List.of(root), walk(root, blocks, DagScope.ENTITY, new ByteRange(50, 40L)));
        // Larger than the file: clamped to the file.
        assertEquals(walk(root, blocks, DagScope.ALL, null), walk(root, blocks, DagScope.ENTITY, new ByteRange(0, 10_000L)));
    }

    @Test
    void byteRangeParsesTheWireForm() {
        assertEquals(new ByteRange(0, null), ByteRange.parse("0:*"));
        assertEquals(new ByteRange(-1024, null), ByteRange.parse("-1024:*"));
        assertEquals(new ByteRange(499, -1000L), ByteRange.parse("499:-1000"));
        assertEquals("499:-1000", ByteRange.parse("499:-1000").toString());
        for (String bad : new String[] {"", ":", "1:", ":2", "a:b", "1-2"}) {
            assertThrows(IllegalArgumentException.class, () -> ByteRange.parse(bad), bad);
        }
    }

    @Test
    void entityOfADirectoryIsItsOwnBlockAndIdentityBlocksAreNeverVisited() throws IOException {
        MemoryBlocks blocks = new MemoryBlocks();
        Cid file = blocks.add(Cid.RAW, new byte[] {1});
        Cid dir = blocks.add(Cid.DAG_PB, DagPb.encode(List.of(new DagPb.Link(file, "a.txt", 1L)), new byte[] {0x08, 0x01}));
        assertEquals(List.of(dir), walk(dir, blocks, DagScope.ENTITY, null));
        assertEquals(List.of(dir), walk(dir, blocks, DagScope.ENTITY, new ByteRange(0, null)), "range ignored for directories");
        assertEquals(List.of(dir, file), walk(dir, blocks, DagScope.ALL, null));

        Cid inline = Cid.fromBytes(new byte[] {1, 0x55, 0x00, 2, 7, 7});
        Cid parent = blocks.add(Cid.DAG_PB, DagPb.encode(List.of(new DagPb.Link(inline, "", 2L), new DagPb.Link(file, "", 1L)),
                UnixFsData.encodeFile(null, new long[] {2, 1})));
        assertEquals(List.of(parent, file), walk(parent, blocks, DagScope.ALL, null));
        assertEquals(List.of(parent, file), walk(parent, blocks, DagScope.ENTITY, new ByteRange(0, null)));
    }

    /** The CAR a gateway streams for dag-scope=all, written for real. */
    private static long writtenCarLength(Cid root, BlockSource src) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        CarWriter car = new CarWriter(out, List.of(root));
        DagWalker.walk(root, src, DagScope.ALL, null, car::write);
        car.flush();
        return out.size();
    }

    @Test
    void carLengthEqualsTheWrittenCarForEveryShapeAndReadsNoLeaf() throws IOException {
        List<DagLayout> layouts = List.of(TINY, new DagLayout(10, 3, false), new DagLayout(7, 2, true), UnixFsProfile.KUBO_LEGACY.layout());
        int[] sizes = {0, 1, 9, 10, 11, 30, 31, 95, 200, 1000};
        int checked = 0;
        for (DagLayout layout : layouts) {
            for (int size : sizes) {
                for (byte[] data : List.of(DeterministicBytes.bytes("len" + size, size), new byte[size])) { // zeros repeat chunks
                    MemoryBlocks blocks = new MemoryBlocks();
                    Cid root = UnixFsImporter.importFile(new ByteArrayInputStream(data), layout, blocks);
                    java.util.Set<Cid> read = new java.util.HashSet<>();
                    BlockSource counting = new BlockSource() {
                        @Override
                        public byte[] get(Cid cid) throws IOException {
                            read.add(cid);
                            return blocks.get(cid);
                        }

                        @Override
                        public long size(Cid cid) throws IOException {
                            return blocks.get(cid).length;
                        }
                    };
                    assertEquals(writtenCarLength(root, blocks), DagWalker.carLength(root, counting), layout + " size " + size);
                    read.forEach(cid -> assertEquals(Cid.DAG_PB, cid.codec(), "read a leaf to size it: " + cid));
                    checked++;
                }
            }
        }
        assertEquals(layouts.size() * sizes.length * 2, checked);

        // Identity children and a shared subtree: counted the way the walk emits them, once and never inline.
        MemoryBlocks blocks = new MemoryBlocks();
        Cid file = blocks.add(Cid.RAW, new byte[] {1, 2, 3});
        Cid inline = Cid.fromBytes(new byte[] {1, 0x55, 0x00, 2, 7, 7});
        Cid mid = blocks.add(Cid.DAG_PB, DagPb.encode(List.of(new DagPb.Link(inline, "", 2L), new DagPb.Link(file, "", 3L)),
                UnixFsData.encodeFile(null, new long[] {2, 3})));
        Cid top = blocks.add(Cid.DAG_PB, DagPb.encode(List.of(new DagPb.Link(mid, "", 5L), new DagPb.Link(mid, "", 5L), new DagPb.Link(file, "", 3L)),
                UnixFsData.encodeFile(null, new long[] {5, 5, 3})));
        assertEquals(writtenCarLength(top, blocks), DagWalker.carLength(top, blocks));
    }

    @Test
    void carLengthRefusesWhatTheWalkRefuses() {
        MemoryBlocks blocks = new MemoryBlocks();
        Cid cbor = blocks.add(0x71, new byte[] {(byte) 0xa0});
        Cid parent = blocks.add(Cid.DAG_PB, DagPb.encode(List.of(new DagPb.Link(cbor, "", 1L)), UnixFsData.encodeFile(null, new long[] {1})));
        assertThrows(InvalidBlockException.class, () -> DagWalker.carLength(parent, blocks));
        Cid missing = Cid.sha256(Cid.RAW, new byte[] {9});
        Cid parent2 = blocks.add(Cid.DAG_PB, DagPb.encode(List.of(new DagPb.Link(missing, "", 1L)), UnixFsData.encodeFile(null, new long[] {1})));
        assertThrows(BlockNotFoundException.class, () -> DagWalker.carLength(parent2, blocks));
    }

    @Test
    void dagScopeParsesWireNames() {
        assertEquals(DagScope.ENTITY, DagScope.parse("entity"));
        assertEquals("all", DagScope.ALL.wireName());
        assertThrows(IllegalArgumentException.class, () -> DagScope.parse("ALL"));
    }

    private static Cid leaf(byte[] data, int i) {
        return Cid.sha256(Cid.RAW, Arrays.copyOfRange(data, i * 10, Math.min(data.length, i * 10 + 10)));
    }
}
