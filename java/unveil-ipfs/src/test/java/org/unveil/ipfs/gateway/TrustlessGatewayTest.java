package org.unveil.ipfs.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.ipfs.Block;
import org.unveil.ipfs.ByteRange;
import org.unveil.ipfs.CarReader;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.DagScope;
import org.unveil.ipfs.DagWalker;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.UnixFsImporter;
import org.unveil.ipfs.UnixFsProfile;

class TrustlessGatewayTest {
    /** 3.5 MiB under kubo-legacy (256 KiB chunks): a root with 14 raw leaves. */
    static final byte[] CONTENT = TestContent.random(3 * 1024 * 1024 + 512 * 1024, 7);

    @TempDir Path dir;
    FsBlockStore store;
    TrustlessGateway gateway;
    Cid root;

    @BeforeEach
    void start() throws IOException {
        store = FsBlockStore.open(dir.resolve("repo"));
        root = TestContent.add(CONTENT, UnixFsProfile.KUBO_LEGACY, store);
        gateway = TrustlessGateway.start(store, 0);
    }

    @AfterEach
    void stop() {
        gateway.close();
        store.close();
    }

    URI url(String pathAndQuery) {
        return URI.create(gateway.uri() + pathAndQuery);
    }

    @Test
    void bindsLoopbackByDefault() {
        assertEquals("127.0.0.1", gateway.uri().getHost());
    }

    @Test
    void rawBlockHasVerifiableBodyAndSpecHeaders() throws Exception {
        HttpResponse<byte[]> r = TestContent.get(url("/ipfs/" + root + "?format=raw"));
        assertEquals(200, r.statusCode());
        assertEquals(root, Cid.sha256(Cid.DAG_PB, r.body()));
        assertEquals("application/vnd.ipld.raw", header(r, "Content-Type"));
        assertEquals(Integer.toString(r.body().length), header(r, "Content-Length"));
        assertEquals("\"" + root + ".raw\"", header(r, "Etag"));
        assertEquals("public, max-age=29030400, immutable", header(r, "Cache-Control"));
        assertEquals("nosniff", header(r, "X-Content-Type-Options"));
        assertEquals("/ipfs/" + root, header(r, "X-Ipfs-Path"));
        assertEquals("Accept", header(r, "Vary"));
        assertEquals("*", header(r, "Access-Control-Allow-Origin"));
        assertTrue(header(r, "Access-Control-Expose-Headers").contains("X-Ipfs-Path"));
        assertEquals("attachment; filename=\"" + root + ".bin\"", header(r, "Content-Disposition"));
    }

    @Test
    void acceptHeaderSelectsRawWithoutFormatParameter() throws Exception {
        HttpResponse<byte[]> r = TestContent.get(url("/ipfs/" + root), "Accept", "application/vnd.ipld.raw");
        assertEquals(200, r.statusCode());
        assertEquals("application/vnd.ipld.raw", header(r, "Content-Type"));
        assertEquals(root, Cid.sha256(Cid.DAG_PB, r.body()));
    }

    @Test
    void headGivesLengthWithoutBody() throws Exception {
        HttpResponse<byte[]> r = TestContent.send("HEAD", url("/ipfs/" + root + "?format=raw"));
        assertEquals(200, r.statusCode());
        assertEquals(0, r.body().length);
        assertEquals(Integer.toString(store.get(root).length), header(r, "Content-Length"));
        HttpResponse<byte[]> missing = TestContent.send("HEAD", url("/ipfs/" + Cid.sha256(Cid.RAW, new byte[] {1}) + "?format=car"));
        assertEquals(404, missing.statusCode());
    }

    @Test
    void carHoldsTheWholeDagInWalkOrder() throws Exception {
        HttpResponse<byte[]> r = TestContent.get(url("/ipfs/" + root + "?format=car"));
        assertEquals(200, r.statusCode());
        assertEquals("application/vnd.ipld.car; version=1; order=dfs; dups=n", header(r, "Content-Type"));
        assertEquals("attachment; filename=\"" + root + ".car\"", header(r, "Content-Disposition"));
        assertTrue(header(r, "Etag").startsWith("\"" + root + ".car."));
        assertEquals(expectedWalk(DagScope.ALL, null), carBlocks(r.body()));
        assertEquals(15, carBlocks(r.body()).size());
        // Sized up front, so it is not chunked, and HEAD announces the same length.
        assertEquals(Integer.toString(r.body().length), header(r, "Content-Length"));
        assertEquals(null, header(r, "Transfer-Encoding"));
        HttpResponse<byte[]> head = TestContent.send("HEAD", url("/ipfs/" + root + "?format=car"));
        assertEquals(Integer.toString(r.body().length), header(head, "Content-Length"));
    }

    @Test
    void carOfADagWithAMissingLeafFailsBeforeAnyByteIsSent() throws Exception {
        try (FsBlockStore partial = FsBlockStore.open(dir.resolve("partial"))) {
            int[] leaves = {0};
            Cid missingLeafRoot = UnixFsImporter.importFile(new ByteArrayInputStream(CONTENT), UnixFsProfile.KUBO_LEGACY, (cid, block) -> {
                if (cid.codec() != Cid.RAW || leaves[0]++ != 2) partial.put(cid, block); // the third leaf never arrives
            });
            assertEquals(root, missingLeafRoot);
            TrustlessGateway gw = TrustlessGateway.start(partial, 0);
            try {
                HttpResponse<byte[]> r = TestContent.get(URI.create(gw.uri() + "/ipfs/" + missingLeafRoot + "?format=car"));
                assertTrue(r.statusCode() >= 400, "status " + r.statusCode() + ": a truncated 200 would only fail at the client");
            } finally {
                gw.close();
            }
        }
    }

    @Test
    void carAcceptHeaderIsNegotiatedAndContentLocationNamesTheFormat() throws Exception {
        HttpResponse<byte[]> r = TestContent.get(url("/ipfs/" + root),
                "Accept", "text/html;q=0.9, application/vnd.ipld.car; version=1; order=dfs; dups=n");
        assertEquals(200, r.statusCode());
        assertTrue(header(r, "Content-Type").startsWith("application/vnd.ipld.car"));
        assertTrue(header(r, "Content-Location").contains("format=car"));
    }

    @Test
    void dagScopeBlockSendsOnlyTheRoot() throws Exception {
        HttpResponse<byte[]> r = TestContent.get(url("/ipfs/" + root + "?format=car&dag-scope=block"));
        assertEquals(List.of(root), carBlocks(r.body()));
    }

    @Test
    void entityBytesSendsOnlyTheBlocksOfTheRangeAndChangesTheEtag() throws Exception {
        ByteRange range = ByteRange.parse("300000:600000");
        HttpResponse<byte[]> r = TestContent.get(url("/ipfs/" + root + "?format=car&entity-bytes=300000:600000"));
        assertEquals(200, r.statusCode());
        List<Cid> blocks = carBlocks(r.body());
        assertEquals(expectedWalk(DagScope.ENTITY, range), blocks);
        assertEquals(3, blocks.size(), "root + the two 256 KiB leaves covering bytes 300000..600000");
        HttpResponse<byte[]> all = TestContent.get(url("/ipfs/" + root + "?format=car"));
        assertTrue(!header(r, "Etag").equals(header(all, "Etag")));
    }

    @Test
    void entityBytesWhollyOutsideTheFileIs400() throws Exception {
        HttpResponse<byte[]> r = TestContent.get(url("/ipfs/" + root + "?format=car&entity-bytes=99999999:*"));
        assertEquals(400, r.statusCode());
        assertTrue(new String(r.body()).contains("selects no byte"));
    }

    @Test
    void plainGetServesTheFileAndRanges() throws Exception {
        HttpResponse<byte[]> full = TestContent.get(url("/ipfs/" + root));
        assertEquals(200, full.statusCode());
        assertArrayEquals(CONTENT, full.body());
        assertEquals("bytes", header(full, "Accept-Ranges"));

        HttpResponse<byte[]> part = TestContent.get(url("/ipfs/" + root), "Range", "bytes=1000-1999999");
        assertEquals(206, part.statusCode());
        assertArrayEquals(Arrays.copyOfRange(CONTENT, 1000, 2000000), part.body());
        assertEquals("bytes 1000-1999999/" + CONTENT.length, header(part, "Content-Range"));

        HttpResponse<byte[]> suffix = TestContent.get(url("/ipfs/" + root), "Range", "bytes=-10");
        assertArrayEquals(Arrays.copyOfRange(CONTENT, CONTENT.length - 10, CONTENT.length), suffix.body());

        HttpResponse<byte[]> outside = TestContent.get(url("/ipfs/" + root), "Range", "bytes=" + CONTENT.length + "-");
        assertEquals(416, outside.statusCode());
        assertEquals("bytes */" + CONTENT.length, header(outside, "Content-Range"));
    }

    @Test
    void matchingIfNoneMatchIs304() throws Exception {
        HttpResponse<byte[]> r = TestContent.get(url("/ipfs/" + root + "?format=raw"), "If-None-Match", "\"" + root + ".raw\"");
        assertEquals(304, r.statusCode());
        assertEquals(0, r.body().length);
    }

    @Test
    void probeCidAnswersWithoutStore() throws Exception {
        HttpResponse<byte[]> raw = TestContent.get(url("/ipfs/bafkqaaa?format=raw"));
        assertEquals(200, raw.statusCode());
        assertEquals(0, raw.body().length);
        HttpResponse<byte[]> car = TestContent.get(url("/ipfs/bafkqaaa?format=car"));
        assertEquals(200, car.statusCode());
        try (CarReader reader = new CarReader(new ByteArrayInputStream(car.body()))) {
            assertEquals(List.of(Cid.parse("bafkqaaa")), reader.roots());
            assertNull(reader.next());
        }
    }

    @Test
    void errorsFollowTheSpecStatusCodes() throws Exception {
        Cid absent = Cid.sha256(Cid.RAW, "absent".getBytes());
        assertEquals(404, status("/ipfs/" + absent + "?format=raw"));
        assertEquals(404, status("/ipfs/" + absent + "?format=car"));
        assertEquals(404, status("/ipfs/" + absent));
        assertEquals(400, status("/ipfs/not-a-cid?format=raw"));
        assertEquals(400, status("/ipfs/" + root + "?format=bogus"));
        assertEquals(400, status("/ipfs/" + root + "/sub?format=raw"));
        assertEquals(400, status("/ipfs/" + root + "?format=raw&dag-scope=all"));
        assertEquals(400, status("/ipfs/" + root + "?format=car&dag-scope=some"));
        assertEquals(400, status("/ipfs/" + root + "?format=car&entity-bytes=a:b"));
        assertEquals(501, status("/ipfs/" + root + "?format=tar"));
        assertEquals(501, status("/ipns/example.org"));
        assertEquals(501, status("/ipfs/" + root + "/sub?format=car"));
        assertEquals(404, status("/other"));
        assertEquals(406, TestContent.get(url("/ipfs/" + root), "Accept", "application/vnd.ipld.car; version=2").statusCode());
        assertEquals(406, TestContent.get(url("/ipfs/" + root + "?format=car&car-version=2")).statusCode());
        HttpResponse<byte[]> post = TestContent.send("POST", url("/ipfs/" + root));
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD, OPTIONS", header(post, "Allow"));
    }

    @Test
    void corsPreflightAllowsBrowsers() throws Exception {
        HttpResponse<byte[]> r = TestContent.send("OPTIONS", url("/ipfs/" + root), "Origin", "https://example.org",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "range");
        assertEquals(204, r.statusCode());
        assertEquals("*", header(r, "Access-Control-Allow-Origin"));
        assertTrue(header(r, "Access-Control-Allow-Methods").contains("GET"));
        assertTrue(header(r, "Access-Control-Allow-Headers").contains("Range"));
    }

    int status(String path) throws Exception {
        HttpResponse<byte[]> r = TestContent.get(url(path));
        if (r.statusCode() >= 400) {
            assertEquals("text/plain; charset=utf-8", header(r, "Content-Type"));
            assertTrue(r.body().length > 0, "error responses explain themselves");
        }
        return r.statusCode();
    }

    List<Cid> expectedWalk(DagScope scope, ByteRange range) throws IOException {
        List<Cid> out = new ArrayList<>();
        DagWalker.walk(root, store, scope, range, (cid, block) -> out.add(cid));
        return out;
    }

    static List<Cid> carBlocks(byte[] car) throws IOException {
        List<Cid> out = new ArrayList<>();
        try (CarReader reader = new CarReader(new ByteArrayInputStream(car))) {
            for (Block b = reader.next(); b != null; b = reader.next()) out.add(b.cid());
        }
        return out;
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }
}
