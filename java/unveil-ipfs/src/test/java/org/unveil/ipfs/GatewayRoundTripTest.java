package org.unveil.ipfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.unveil.ipfs.gateway.FetchProgress;
import org.unveil.ipfs.gateway.FetchResult;
import org.unveil.ipfs.gateway.GatewayFetcher;
import org.unveil.ipfs.gateway.TrustlessGateway;

/**
 * Every DAG shape the importer builds goes out through the real gateway (what {@code unveil ipfs serve} runs, over
 * an {@link FsBlockStore}) and comes back through the verifying fetcher (what {@code unveil ipfs get} runs), byte for
 * byte. It lives in this package because the level boundaries of the real profiles lie at 43.5 MiB / 1 GiB and
 * beyond: the same balanced builder with small chunks and fan-outs ({@link DagLayout}) reaches them in kilobytes.
 */
class GatewayRoundTripTest {
    @TempDir static Path dir;
    static FsBlockStore store;
    static TrustlessGateway gateway;
    static GatewayFetcher fetcher;

    /** One file to round-trip; {@code zeros} makes every full chunk the same block (deduplicated DAG). */
    record Shape(String name, DagLayout layout, long size, boolean zeros) {
        @Override
        public String toString() {
            return name + ", " + size + " bytes" + (zeros ? " of zeros" : "");
        }
    }

    static Stream<Shape> shapes() {
        List<Shape> all = new ArrayList<>();
        for (UnixFsProfile p : UnixFsProfile.values()) {
            DagLayout real = p.layout();
            int c = p.chunkSize();
            // Single-block files (the empty one, one byte, exactly one chunk), then the first two-leaf tree.
            for (long size : new long[] {0, 1, c - 1, c, c + 1, 3L * c + 5}) all.add(new Shape(p.wireName(), real, size, false));
            all.add(new Shape(p.wireName(), real, 3L * c + 5, true));
            // The real fan-out with 16-byte chunks: one full node, and the first leaf that needs a second level.
            DagLayout tiny = new DagLayout(16, p.maxLinks(), true);
            String name = p.wireName() + " fan-out " + p.maxLinks() + ", 16-byte chunks";
            for (long size : new long[] {16L * p.maxLinks(), 16L * p.maxLinks() + 1}) all.add(new Shape(name, tiny, size, false));
        }
        // kubo-legacy's real one-level boundary is small enough to run at full size: 174 x 256 KiB = 43.5 MiB.
        UnixFsProfile kubo = UnixFsProfile.KUBO_LEGACY;
        long full = (long) kubo.chunkSize() * kubo.maxLinks();
        all.add(new Shape(kubo.wireName(), kubo.layout(), full, false));
        all.add(new Shape(kubo.wireName(), kubo.layout(), full + 1, false));
        // Fan-out 3, 8-byte chunks: every level boundary up to four levels, with and without repeated chunks.
        DagLayout narrow = new DagLayout(8, 3, true);
        for (long leaves : new long[] {3, 9, 27}) {
            for (long size : new long[] {8 * leaves - 1, 8 * leaves, 8 * leaves + 1}) {
                all.add(new Shape("fan-out 3, 8-byte chunks", narrow, size, false));
            }
            all.add(new Shape("fan-out 3, 8-byte chunks", narrow, 8 * leaves + 1, true));
        }
        // IPIP-0499 unixfs-v0-2015 (dag-pb leaves, CIDv0): Unveil never writes it, but the importer can.
        for (long size : new long[] {0, 1, DagLayout.UNIXFS_V0_2015.chunkSize() + 1}) {
            all.add(new Shape("unixfs-v0-2015", DagLayout.UNIXFS_V0_2015, size, false));
        }
        return all.stream();
    }

    @BeforeAll
    static void serve() throws IOException {
        store = FsBlockStore.open(dir.resolve("repo"));
        gateway = TrustlessGateway.start(store, 0);
        fetcher = new GatewayFetcher(List.of(gateway.uri()), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        store.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void importedFileComesBackThroughServeAndGet(Shape shape) throws IOException {
        byte[] content = shape.zeros() ? new byte[(int) shape.size()] : DeterministicBytes.bytes(shape.toString(), (int) shape.size());
        Cid root = UnixFsImporter.importFile(new ByteArrayInputStream(content), shape.layout(), store);

        FetchResult r = fetchAndCompare(root, content);
        if (!shape.zeros()) {
            assertEquals(balancedBlockCount(shape.size(), shape.layout()), r.blocks(), "blocks streamed for " + root);
        }
    }

    /** The importer never inlines data, but get accepts identity CIDs: the gateway sends a CAR with no blocks. */
    @ParameterizedTest(name = "identity raw CID, {0} bytes")
    @MethodSource("identitySizes")
    void identityCidComesBackWithoutAnyBlock(int size) throws IOException {
        byte[] content = DeterministicBytes.bytes("identity", size);
        byte[] cid = new byte[4 + size];
        cid[0] = 1; // CIDv1
        cid[1] = (byte) Cid.RAW;
        cid[2] = 0; // identity multihash
        cid[3] = (byte) size; // one-byte varint: sizes stay under 128
        System.arraycopy(content, 0, cid, 4, size);

        assertEquals(0, fetchAndCompare(Cid.fromBytes(cid), content).blocks());
    }

    static Stream<Integer> identitySizes() {
        return Stream.of(0, 1, 100);
    }

    private static FetchResult fetchAndCompare(Cid root, byte[] content) throws IOException {
        Path outDir = Files.createTempDirectory(dir, "get-");
        Path out = outDir.resolve("got.bin");
        FetchResult r = fetcher.fetch(root, out, FetchProgress.NONE);
        assertArrayEquals(content, Files.readAllBytes(out), "bytes fetched for " + root);
        assertEquals(content.length, r.fileBytes());
        try (Stream<Path> left = Files.list(outDir)) {
            assertEquals(List.of(out), left.toList(), "only the output is left, no temp or scratch file");
        }
        return r;
    }

    /** Leaves plus the nodes of every level above them: one node per {@code maxLinks} children, until one is left. */
    private static long balancedBlockCount(long size, DagLayout layout) {
        long level = Math.max(1, (size + layout.chunkSize() - 1) / layout.chunkSize());
        long blocks = level;
        while (level > 1) {
            level = (level + layout.maxLinks() - 1) / layout.maxLinks();
            blocks += level;
        }
        return blocks;
    }
}
