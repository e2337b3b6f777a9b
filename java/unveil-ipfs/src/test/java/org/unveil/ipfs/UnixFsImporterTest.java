package org.unveil.ipfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class UnixFsImporterTest {

    /** Every IPIP-0499 file fixture (kubo test/cli/cid_profiles_test.go), imported with a streaming source. */
    @TestFactory
    Stream<DynamicTest> ipip0499FileFixtures() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("ipip-0499-files.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                DagLayout layout = f[0].equals("unixfs-v0-2015") ? DagLayout.UNIXFS_V0_2015 : UnixFsProfile.parse(f[0]).layout();
                long size = Long.parseLong(f[2]);
                tests.add(dynamicTest(f[0] + " " + f[1] + " " + size + " bytes -> " + f[3], () -> {
                    CountingSink sink = new CountingSink();
                    Cid cid = UnixFsImporter.importFile(new DeterministicBytes(f[1], size), layout, sink);
                    assertEquals(f[3], cid.toString());
                    assertEquals(Cid.parse(f[3]), cid);
                    assertTrue(sink.bytes >= size, "every input byte reached the sink");
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void helloWorldMatchesIpip0499SmallFileFixtures() throws IOException {
        byte[] hello = "hello world".getBytes(StandardCharsets.US_ASCII);
        // IPIP-0499 "Test fixtures" tables: unixfs-v1-2025 and unixfs-v0-2015 small file.
        assertEquals("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
                UnixFsImporter.importFile(new ByteArrayInputStream(hello), UnixFsProfile.UNIXFS_V1_2025, new MemoryBlocks()).toString());
        assertEquals("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
                UnixFsImporter.importFile(new ByteArrayInputStream(hello), UnixFsProfile.KUBO_LEGACY, new MemoryBlocks()).toString());
        assertEquals("Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD",
                UnixFsImporter.importFile(new ByteArrayInputStream(hello), DagLayout.UNIXFS_V0_2015, new MemoryBlocks()).toString());
    }

    @Test
    void emptyFileIsOneEmptyRawLeaf() throws IOException {
        MemoryBlocks blocks = new MemoryBlocks();
        Cid cid = UnixFsImporter.importFile(InputStream.nullInputStream(), UnixFsProfile.UNIXFS_V1_2025, blocks);
        // FIPS 180-2's SHA-256 of the empty string, as a CIDv1 raw; ipfs add --cid-version=1 gives the same.
        Cid expected = Cid.of(Cid.RAW, HexFormat.of().parseHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        assertEquals(expected, cid);
        assertEquals("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", cid.toString());
        assertEquals(1, blocks.blocks.size());
        assertEquals(0, blocks.blocks.get(cid).length);
    }

    @Test
    void fileOfExactlyOneChunkIsARawLeafAndOneMoreByteMakesTwoLinks() throws IOException {
        for (UnixFsProfile p : UnixFsProfile.values()) {
            byte[] data = DeterministicBytes.bytes("one-chunk", p.chunkSize() + 1);
            MemoryBlocks one = new MemoryBlocks();
            Cid leaf = UnixFsImporter.importFile(new ByteArrayInputStream(data, 0, p.chunkSize()), p, one);
            assertEquals(Cid.RAW, leaf.codec(), p + " single chunk");
            assertEquals(Cid.sha256(Cid.RAW, Arrays.copyOf(data, p.chunkSize())), leaf);

            MemoryBlocks two = new MemoryBlocks();
            Cid root = UnixFsImporter.importFile(new ByteArrayInputStream(data), p, two);
            DagPb.Node node = DagPb.decode(two.blocks.get(root));
            assertEquals(2, node.links().size(), p + " chunk + 1");
            assertEquals(leaf, node.links().get(0).hash(), "first leaf is the same block as the one-chunk file");
            assertEquals("", node.links().get(0).name());
            assertEquals(p.chunkSize(), node.links().get(0).tsize());
            assertEquals(1L, node.links().get(1).tsize());
            UnixFsData unixfs = UnixFsData.decode(node.data(), root);
            assertEquals(UnixFsData.FILE, unixfs.type());
            assertEquals(p.chunkSize() + 1L, unixfs.fileSize());
            assertEquals(List.of((long) p.chunkSize(), 1L), Arrays.stream(unixfs.blockSizes()).boxed().toList());
        }
    }

    @Test
    void kuboLegacyOverMaxLinksBuildsTwoLevels() throws IOException {
        UnixFsProfile p = UnixFsProfile.KUBO_LEGACY;
        long size = (long) p.chunkSize() * p.maxLinks() + 1;
        MemoryBlocks blocks = new MemoryBlocks();
        Cid root = UnixFsImporter.importFile(new DeterministicBytes("legacy", size), p, blocks);
        DagPb.Node top = DagPb.decode(blocks.blocks.get(root));
        assertEquals(2, top.links().size());
        DagPb.Node full = DagPb.decode(blocks.blocks.get(top.links().get(0).hash()));
        DagPb.Node tail = DagPb.decode(blocks.blocks.get(top.links().get(1).hash()));
        assertEquals(174, full.links().size());
        assertEquals(1, tail.links().size(), "the 175th leaf sits under its own interior node, at the same depth");
        assertEquals(Cid.RAW, tail.links().get(0).hash().codec());
        assertEquals(size, UnixFsExporter.size(root, blocks));
    }

    /**
     * The streaming builder against a direct transcription of ipfs-unixfs-importer's balanced layout
     * ({@code batch(leaves, maxLinks)} reduced level by level until one node remains), with tiny chunks so trees
     * of depth 1 to 5 are cheap. Any difference in shape, order, Tsize or blocksizes changes the root CID.
     */
    @Test
    void streamingBuilderMatchesLevelByLevelBatchingForEveryShape() throws IOException {
        for (int maxLinks = 2; maxLinks <= 5; maxLinks++) {
            DagLayout layout = new DagLayout(3, maxLinks, true);
            for (int length = 0; length <= 3 * 130; length += 1 + length / 17) {
                byte[] data = DeterministicBytes.bytes("shape", length);
                Cid streamed = UnixFsImporter.importFile(new ByteArrayInputStream(data), layout, new MemoryBlocks());
                assertEquals(referenceBalanced(data, layout), streamed, "maxLinks " + maxLinks + ", " + length + " bytes");
            }
        }
    }

    private static Cid referenceBalanced(byte[] data, DagLayout layout) {
        List<BalancedTreeBuilder.Child> level = new ArrayList<>();
        for (int off = 0; off < data.length || level.isEmpty(); off += layout.chunkSize()) {
            byte[] chunk = Arrays.copyOfRange(data, off, Math.min(data.length, off + layout.chunkSize()));
            level.add(new BalancedTreeBuilder.Child(Cid.sha256(Cid.RAW, chunk), chunk.length, chunk.length));
        }
        if (level.size() == 1) {
            return level.get(0).cid();
        }
        while (level.size() > 1 || level.get(0).cid().codec() == Cid.RAW) {
            List<BalancedTreeBuilder.Child> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i += layout.maxLinks()) {
                List<BalancedTreeBuilder.Child> group = level.subList(i, Math.min(level.size(), i + layout.maxLinks()));
                List<DagPb.Link> links = new ArrayList<>();
                long[] sizes = new long[group.size()];
                long fileSize = 0;
                long dagSize = 0;
                for (int j = 0; j < group.size(); j++) {
                    links.add(new DagPb.Link(group.get(j).cid(), "", group.get(j).dagSize()));
                    sizes[j] = group.get(j).fileSize();
                    fileSize += sizes[j];
                    dagSize += group.get(j).dagSize();
                }
                byte[] block = DagPb.encode(links, UnixFsData.encodeFile(null, sizes));
                next.add(new BalancedTreeBuilder.Child(Cid.sha256(Cid.DAG_PB, block), fileSize, dagSize + block.length));
            }
            level = next;
        }
        return level.get(0).cid();
    }

    @Test
    void profilesParseByWireName() {
        assertEquals(UnixFsProfile.UNIXFS_V1_2025, UnixFsProfile.parse("unixfs-v1-2025"));
        assertEquals(UnixFsProfile.KUBO_LEGACY, UnixFsProfile.parse("kubo-legacy"));
        assertEquals(1 << 20, UnixFsProfile.UNIXFS_V1_2025.chunkSize());
        assertEquals(1024, UnixFsProfile.UNIXFS_V1_2025.maxLinks());
        assertEquals(256 << 10, UnixFsProfile.KUBO_LEGACY.chunkSize());
        assertEquals(174, UnixFsProfile.KUBO_LEGACY.maxLinks());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UnixFsProfile.parse("unixfs-v0-2015"));
        assertTrue(e.getMessage().contains("unixfs-v0-2015"));
    }

    /** Discards blocks (so 1 GiB inputs cost no memory) but checks each hashes to its CID. */
    static final class CountingSink implements BlockSink {
        long blocks;
        long bytes;

        @Override
        public void put(Cid cid, byte[] block) throws IOException {
            cid.verify(block);
            blocks++;
            bytes += block.length;
        }
    }

    /** Blocks are stored on a second thread; a failing store still fails the import, promptly and with its reason. */
    @Test
    void aFailingSinkFailsTheImportWithItsReason() {
        byte[] data = DeterministicBytes.bytes("sink-fails", 40 * 1024 * 1024);
        int[] stored = {0};
        BlockSink full = (cid, block) -> {
            if (++stored[0] == 3) throw new IOException("disk full");
        };
        IOException e = assertThrows(IOException.class,
                () -> UnixFsImporter.importFile(new ByteArrayInputStream(data), UnixFsProfile.UNIXFS_V1_2025, full));
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        assertTrue(stored[0] < 10, "import stopped soon after the failure, stored " + stored[0]);

        BlockSink buggy = (cid, block) -> {
            throw new IllegalStateException("bug in sink");
        };
        assertThrows(IllegalStateException.class,
                () -> UnixFsImporter.importFile(new ByteArrayInputStream(data), UnixFsProfile.UNIXFS_V1_2025, buggy));
    }
}
