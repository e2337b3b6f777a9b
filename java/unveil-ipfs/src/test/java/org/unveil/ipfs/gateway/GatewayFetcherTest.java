package org.unveil.ipfs.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.DagScope;
import org.unveil.ipfs.DagWalker;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.UnixFsProfile;

class GatewayFetcherTest {
    @TempDir Path dir;
    FsBlockStore origin;
    FsBlockStore cache;
    TrustlessGateway honest;

    @BeforeEach
    void start() throws IOException {
        origin = FsBlockStore.open(dir.resolve("origin"));
        cache = FsBlockStore.open(dir.resolve("cache"));
        honest = TrustlessGateway.start(origin, 0);
    }

    @AfterEach
    void stop() {
        honest.close();
        origin.close();
        cache.close();
    }

    GatewayFetcher fetcher(URI... gateways) {
        return new GatewayFetcher(List.of(gateways), Duration.ofSeconds(5));
    }

    @Test
    void fetchesAMultiLevelTreeAndReportsProgress() throws IOException {
        // 174 links x 256 KiB = 43.5 MiB per level under kubo-legacy, so this needs a second level.
        byte[] content = TestContent.random(45 * 1024 * 1024 + 123, 1);
        Cid root = TestContent.add(content, UnixFsProfile.KUBO_LEGACY, origin);
        Path out = dir.resolve("out.bin");
        List<Long> seen = new ArrayList<>();
        FetchResult r = fetcher(honest.uri()).fetch(root, out, (written, total) -> {
            assertEquals(content.length, total);
            seen.add(written);
        });
        assertArrayEquals(content, Files.readAllBytes(out));
        assertEquals(honest.uri(), r.gateway());
        assertEquals(content.length, r.fileBytes());
        assertEquals(countBlocks(root), r.blocks());
        assertEquals(content.length, seen.getLast());
        assertNoTempFiles();
    }

    @Test
    void fetchDagCopiesEveryVerifiedBlockIntoAStore() throws IOException {
        Cid root = TestContent.add(TestContent.random(3_000_000, 6), UnixFsProfile.KUBO_LEGACY, origin);
        FetchResult r = fetcher(honest.uri()).fetchDag(root, cache);
        assertEquals(countBlocks(root), r.blocks());
        cache.pin(root); // walks the DAG: fails if any block is missing
        assertEquals(List.of(root), cache.pins());
    }

    @Test
    void fileWithRepeatedChunksIsRebuiltFromTheCache() throws IOException {
        byte[] zeros = new byte[5 * 1024 * 1024 + 7];
        Cid root = TestContent.add(zeros, UnixFsProfile.UNIXFS_V1_2025, origin);
        Path out = dir.resolve("zeros.bin");
        FetchResult r = fetcher(honest.uri()).fetch(root, out, FetchProgress.NONE);
        assertArrayEquals(zeros, Files.readAllBytes(out));
        assertEquals(3, r.blocks(), "root, one shared 1 MiB zero leaf, the short tail leaf");
    }

    @Test
    void fallsBackAcrossDeadMissingAndLyingGateways() throws IOException {
        byte[] content = TestContent.random(600_000, 2);
        Cid root = TestContent.add(content, UnixFsProfile.KUBO_LEGACY, origin);
        FsBlockStore emptyStore = FsBlockStore.open(dir.resolve("empty"));
        byte[] leaf = TestContent.random(1000, 3);
        try (TrustlessGateway empty = TrustlessGateway.start(emptyStore, 0);
             ScriptedGateway liar = ScriptedGateway.car(new HostileCar(root).section(root, leaf).bytes())) {
            Path out = dir.resolve("out.bin");
            FetchResult r = fetcher(deadGateway(), empty.uri(), liar.uri(), honest.uri())
                    .fetch(root, out, FetchProgress.NONE);
            assertEquals(honest.uri(), r.gateway());
            assertArrayEquals(content, Files.readAllBytes(out));
            assertEquals(1, liar.requests);
        } finally {
            emptyStore.close();
        }
    }

    @Test
    void allGatewaysFailingLeavesNoFileAndNamesEachFailure() throws IOException {
        Cid root = TestContent.add(TestContent.random(10_000, 4), UnixFsProfile.KUBO_LEGACY, origin);
        Path out = dir.resolve("out.bin");
        try (ScriptedGateway html = new ScriptedGateway(200, "text/html", "<html>".getBytes(), -1);
             ScriptedGateway error = new ScriptedGateway(500, "text/plain", "boom".getBytes(), -1)) {
            FetchFailedException e = assertThrows(FetchFailedException.class,
                    () -> fetcher(deadGateway(), html.uri(), error.uri()).fetch(root, out, FetchProgress.NONE));
            assertEquals(3, e.getSuppressed().length);
            assertTrue(e.getMessage().contains("not a CAR"), e.getMessage());
            assertTrue(e.getMessage().contains("HTTP 500: boom"), e.getMessage());
        }
        assertNothingWritten(out);
    }

    @Test
    void existingOutputSurvivesAFailedFetch() throws IOException {
        Cid root = TestContent.add(TestContent.random(10_000, 5), UnixFsProfile.KUBO_LEGACY, origin);
        Path out = dir.resolve("out.bin");
        Files.writeString(out, "previous");
        try (ScriptedGateway truncated = ScriptedGateway.car(new HostileCar(root).bytes())) {
            assertThrows(FetchFailedException.class,
                    () -> fetcher(truncated.uri()).fetch(root, out, FetchProgress.NONE));
        }
        assertEquals("previous", Files.readString(out));
        assertNoTempFiles();
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new GatewayFetcher(List.of(), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new GatewayFetcher(List.of(URI.create("ftp://example.org")), Duration.ofSeconds(1)));
    }

    long countBlocks(Cid root) throws IOException {
        long[] n = {0};
        DagWalker.walk(root, origin, DagScope.ALL, null, (cid, b) -> n[0]++);
        return n[0];
    }

    void assertNothingWritten(Path out) throws IOException {
        assertFalse(Files.exists(out), "no output file after a failed fetch");
        assertNoTempFiles();
    }

    void assertNoTempFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".unveil-tmp")).toList());
        }
    }

    /** A URL where nothing listens: the port was free a moment ago. */
    static URI deadGateway() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }
}
