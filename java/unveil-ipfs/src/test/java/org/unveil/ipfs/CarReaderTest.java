package org.unveil.ipfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CarReaderTest {
    private static final HexFormat HEX = HexFormat.of();

    /** A two-level file DAG (kubo-legacy, 3 leaves) written as a CAR in DagWalker order. */
    private static byte[] sampleCar(MemoryBlocks blocks, List<Cid> order) throws IOException {
        byte[] data = DeterministicBytes.bytes("car", 2 * UnixFsProfile.KUBO_LEGACY.chunkSize() + 5);
        Cid root = UnixFsImporter.importFile(new ByteArrayInputStream(data), UnixFsProfile.KUBO_LEGACY, blocks);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CarWriter w = new CarWriter(out, List.of(root))) {
            DagWalker.walk(root, blocks, DagScope.ALL, null, (cid, block) -> {
                order.add(cid);
                w.write(cid, block);
            });
        }
        return out.toByteArray();
    }

    private static List<Block> readAll(InputStream in) throws IOException {
        List<Block> result = new ArrayList<>();
        try (CarReader r = new CarReader(in)) {
            for (Block b = r.next(); b != null; b = r.next()) {
                result.add(b);
            }
        }
        return result;
    }

    @Test
    void roundTripsBlocksAndRootsInOrder() throws IOException {
        MemoryBlocks blocks = new MemoryBlocks();
        List<Cid> order = new ArrayList<>();
        byte[] car = sampleCar(blocks, order);
        try (CarReader r = new CarReader(new ByteArrayInputStream(car))) {
            assertEquals(List.of(order.get(0)), r.roots());
            for (Cid expected : order) {
                Block b = r.next();
                assertEquals(expected, b.cid());
                assertArrayEquals(blocks.blocks.get(expected), b.data());
            }
            assertNull(r.next());
            assertNull(r.next(), "end of stream stays the end");
        }
        assertEquals(4, order.size());
    }

    @Test
    void readsTheSameBlocksOneByteAtATime() throws IOException {
        MemoryBlocks blocks = new MemoryBlocks();
        List<Cid> order = new ArrayList<>();
        byte[] car = sampleCar(blocks, order);
        List<Block> read = readAll(new OneByteAtATime(new ByteArrayInputStream(car)));
        assertEquals(order, read.stream().map(Block::cid).toList());
    }

    @Test
    void headerMatchesTheCarV1SpecExample() throws IOException {
        // ipld.io CARv1 spec fixture carv1-basic.car: header {roots: [bafyreihyrpef..., bafyreidj5idub...], version: 1}.
        Cid r1 = Cid.parse("bafyreihyrpefhacm6kkp4ql6j6udakdit7g3dmkzfriqfykhjw6cad5lrm");
        Cid r2 = Cid.parse("bafyreidj5idub6mapiupjwjsyyxhyhedxycv4vihfsicm2vt46o7morwlm");
        byte[] expected = HEX.parseHex("63a265726f6f747382d82a58250001711220f88bc853804cf294fe417e4fa83028689fcdb1b1592c5102e1474dbc200fab8b"
                + "d82a5825000171122069ea0740f9807a28f4d932c62e7c1c83be055e55072c90266ab3e79df63a365b6776657273696f6e01");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CarWriter(out, List.of(r1, r2)).close();
        assertArrayEquals(expected, out.toByteArray());
        try (CarReader r = new CarReader(new ByteArrayInputStream(expected))) {
            assertEquals(List.of(r1, r2), r.roots());
            assertNull(r.next());
        }
    }

    @Test
    void everyTruncationIsRejected() throws IOException {
        byte[] car = sampleCar(new MemoryBlocks(), new ArrayList<>());
        List<Integer> sectionEnds = sectionEnds(car);
        for (int cut = 0; cut < car.length; cut += cut < 200 ? 1 : 997) {
            if (sectionEnds.contains(cut)) {
                continue; // a cut exactly between sections is a shorter, valid CAR
            }
            byte[] truncated = Arrays.copyOf(car, cut);
            CarFormatException e = assertThrows(CarFormatException.class,
                    () -> readAll(new ByteArrayInputStream(truncated)), "cut at " + cut);
            assertTrue(e.getMessage().contains("offset"), e.getMessage());
        }
    }

    private static List<Integer> sectionEnds(byte[] car) throws IOException {
        List<Integer> ends = new ArrayList<>();
        CountingStream counting = new CountingStream(new ByteArrayInputStream(car));
        try (CarReader r = new CarReader(counting)) {
            ends.add(counting.count);
            while (r.next() != null) {
                ends.add(counting.count);
            }
        }
        return ends;
    }

    @Test
    void aFlippedBitInABlockIsRejectedWithItsOffset() throws IOException {
        byte[] car = sampleCar(new MemoryBlocks(), new ArrayList<>());
        car[car.length - 10] ^= 1;
        CarFormatException e = assertThrows(CarFormatException.class, () -> readAll(new ByteArrayInputStream(car)));
        assertTrue(e.getMessage().contains("does not hash to CID"), e.getMessage());
    }

    @Test
    void malformedFramingIsRejected() {
        byte[] header = CarHeader.encode(List.of(Cid.sha256(Cid.RAW, new byte[0])));
        byte[] headerVarint = {(byte) header.length};
        // varint of ten continuation bytes
        assertRejects(concat(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
            (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1}), "longer than 9 bytes");
        // header length 0 and absurd header length
        assertRejects(new byte[] {0}, "outside 1..");
        assertRejects(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}, "outside 1..");
        // section longer than the block limit
        assertRejects(concat(headerVarint, header, new byte[] {(byte) 0x81, (byte) 0x80, (byte) 0x81, 1}), "outside 1..");
        // zero-length section
        assertRejects(concat(headerVarint, header, new byte[] {0}), "outside 1..");
        // non-minimal section length (5 written as 0x85 0x00)
        assertRejects(concat(headerVarint, header, new byte[] {(byte) 0x85, 0}), "minimally");
        // a section whose CID is garbage
        assertRejects(concat(headerVarint, header, new byte[] {3, 7, 7, 7}), "malformed CID");
    }

    @Test
    void unknownVersionsAndBadHeadersAreRejected() {
        // CARv2 pragma: {version: 2} (0x0a a1 67 "version" 02) as published in the CARv2 spec.
        assertRejects(HEX.parseHex("0aa16776657273696f6e02"), "CAR version 2");
        // {version: 1} without roots
        assertRejects(HEX.parseHex("0aa16776657273696f6e01"), "no roots");
        // {version: 3, roots: []}
        assertRejects(HEX.parseHex("11a265726f6f7473806776657273696f6e03"), "CAR version 3");
        // a CBOR array where the map belongs
        assertRejects(HEX.parseHex("0180"), "expected a map");
        // an unexpected key
        assertRejects(HEX.parseHex("0aa167766572736f6f6e01"), "unexpected or repeated key");
    }

    @Test
    void carImportStoresEveryBlockAndReturnsTheRoot() throws IOException {
        MemoryBlocks source = new MemoryBlocks();
        List<Cid> order = new ArrayList<>();
        byte[] car = sampleCar(source, order);
        MemoryBlocks target = new MemoryBlocks();
        assertEquals(order.get(0), CarImport.importCar(new ByteArrayInputStream(car), target));
        assertEquals(source.blocks.keySet(), target.blocks.keySet());

        ByteArrayOutputStream noRoot = new ByteArrayOutputStream();
        try (CarWriter w = new CarWriter(noRoot, List.of(order.get(0)))) {
            w.write(order.get(1), source.blocks.get(order.get(1)));
        }
        CarFormatException e = assertThrows(CarFormatException.class,
                () -> CarImport.importCar(new ByteArrayInputStream(noRoot.toByteArray()), new MemoryBlocks()));
        assertTrue(e.getMessage().contains("root block"), e.getMessage());
    }

    private static void assertRejects(byte[] car, String messagePart) {
        CarFormatException e = assertThrows(CarFormatException.class, () -> readAll(new ByteArrayInputStream(car)));
        assertTrue(e.getMessage().contains(messagePart), messagePart + " not in: " + e.getMessage());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Returns at most one byte per read call, like a slow network. */
    static final class OneByteAtATime extends FilterInputStream {
        OneByteAtATime(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1));
        }
    }

    private static final class CountingStream extends FilterInputStream {
        int count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }
    }
}
