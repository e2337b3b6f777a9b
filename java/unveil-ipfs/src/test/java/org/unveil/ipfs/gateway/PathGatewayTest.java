package org.unveil.ipfs.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unveil.ipfs.gateway.TrustlessGatewayTest.carBlocks;
import static org.unveil.ipfs.gateway.TrustlessGatewayTest.header;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.DagScope;
import org.unveil.ipfs.DagWalker;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.UnixFsImporter;
import org.unveil.ipfs.UnixFsProfile;

/** The path gateway over a real imported tree (the shape of the web tool), on loopback HTTP. */
class PathGatewayTest {
    @TempDir Path dir;
    Path tree;
    FsBlockStore store;
    TrustlessGateway gateway;
    Cid root;
    final Map<String, Cid> cids = new HashMap<>();

    @BeforeEach
    void start() throws IOException {
        tree = HeliaInteropTest.sampleTree(dir.resolve("tree"));
        Files.writeString(tree.resolve("a/b/<i>&\"quote'.txt"), "x");
        Files.writeString(tree.resolve("LICENSE"), "plain text, no extension\n");
        Files.writeString(tree.resolve("a/b/100% real+plus.txt"), "pct");
        store = FsBlockStore.open(dir.resolve("repo"));
        root = UnixFsImporter.importDirectory(tree, UnixFsProfile.UNIXFS_V1_2025, store, true, (p, cid, n) -> cids.put(p, cid));
        gateway = TrustlessGateway.start(store, 0);
    }

    @AfterEach
    void stop() {
        gateway.close();
        store.close();
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return TestContent.get(URI.create(gateway.uri() + "/ipfs/" + root + path), headers);
    }

    String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void rootDirectoryServesItsIndexHtmlWithPathGatewayHeaders() throws Exception {
        HttpResponse<byte[]> r = get("/");
        assertEquals(200, r.statusCode());
        assertArrayEquals(Files.readAllBytes(tree.resolve("index.html")), r.body());
        assertEquals("text/html; charset=utf-8", header(r, "Content-Type"));
        assertEquals("\"" + cids.get("index.html") + "\"", header(r, "Etag"));
        assertEquals("/ipfs/" + root + "/", header(r, "X-Ipfs-Path"));
        assertEquals(root + "," + cids.get("index.html"), header(r, "X-Ipfs-Roots"));
        assertEquals("public, max-age=29030400, immutable", header(r, "Cache-Control"));
        assertEquals("nosniff", header(r, "X-Content-Type-Options"));
        assertEquals("*", header(r, "Access-Control-Allow-Origin"));
        assertEquals(cids.get(""), root, "the listener reports the root last with path \"\"");
    }

    @Test
    void directoryWithoutTrailingSlashRedirectsKeepingTheQuery() throws Exception {
        HttpResponse<byte[]> r = get("");
        assertEquals(301, r.statusCode());
        assertEquals("/ipfs/" + root + "/", header(r, "Location"));
        HttpResponse<byte[]> sub = get("/a?x=1");
        assertEquals(301, sub.statusCode());
        assertEquals("/ipfs/" + root + "/a/?x=1", header(sub, "Location"));
        assertEquals("*", header(sub, "Access-Control-Allow-Origin"));
    }

    @Test
    void subdirectoryServesItsOwnIndexHtml() throws Exception {
        HttpResponse<byte[]> r = get("/a/");
        assertEquals(200, r.statusCode());
        assertEquals("<p>a</p>", text(r));
        assertEquals(root + "," + cids.get("a") + "," + cids.get("a/index.html"), header(r, "X-Ipfs-Roots"));
    }

    @Test
    void directoryWithoutIndexGetsAnEscapedListing() throws Exception {
        HttpResponse<byte[]> r = get("/a/b/");
        assertEquals(200, r.statusCode());
        assertEquals("text/html; charset=utf-8", header(r, "Content-Type"));
        assertEquals("\"DirIndex-" + cids.get("a/b") + "\"", header(r, "Etag"));
        String html = text(r);
        assertTrue(html.contains("<a href=\"deep.json\">deep.json</a>"), html);
        assertTrue(html.contains("<a href=\"empty\">empty</a>"), html);
        assertTrue(html.contains("&lt;i&gt;&amp;&quot;quote&#39;.txt"), html);
        assertTrue(html.contains("href=\"%3Ci%3E%26%22quote%27.txt\""), html);
        assertFalse(html.contains("<i>"), "names are never markup");
        assertTrue(html.contains("<a href=\"../\">"), html);
        HttpResponse<byte[]> unicode = get("/%C3%BCn%C3%AFcode%20%E2%9C%93/");
        assertTrue(text(unicode).contains("href=\"%C3%B1ame.txt\""), text(unicode));
        HttpResponse<byte[]> head = TestContent.send("HEAD", URI.create(gateway.uri() + "/ipfs/" + root + "/a/b/"));
        assertEquals(Integer.toString(r.body().length), header(head, "Content-Length"));
    }

    @Test
    void contentTypeComesFromTheExtension() throws Exception {
        Map<String, String> expected = Map.of(
                "/app.js", "text/javascript; charset=utf-8",
                "/vendor/lib.mjs", "text/javascript; charset=utf-8",
                "/a/b/deep.json", "application/json",
                "/Z-upper.css", "text/css; charset=utf-8",
                "/empty.txt", "text/plain; charset=utf-8",
                "/big.bin", "application/octet-stream",
                "/LICENSE", "text/plain; charset=utf-8",
                "/index.html", "text/html; charset=utf-8");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            HttpResponse<byte[]> r = get(e.getKey());
            assertEquals(200, r.statusCode(), e.getKey());
            assertEquals(e.getValue(), header(r, "Content-Type"), e.getKey());
            assertArrayEquals(Files.readAllBytes(tree.resolve(e.getKey().substring(1))), r.body(), e.getKey());
            assertEquals("\"" + cids.get(e.getKey().substring(1)) + "\"", header(r, "Etag"), e.getKey());
        }
    }

    @Test
    void percentEncodedSegmentsAreDecodedAndPlusStaysPlus() throws Exception {
        HttpResponse<byte[]> r = get("/%C3%BCn%C3%AFcode%20%E2%9C%93/%C3%B1ame.txt");
        assertEquals(200, r.statusCode());
        assertEquals("ü", text(r));
        assertEquals("pct", text(get("/a/b/100%25%20real+plus.txt")));
    }

    @Test
    void rangesOverAFileInTheTree() throws Exception {
        byte[] big = Files.readAllBytes(tree.resolve("big.bin"));
        HttpResponse<byte[]> r = get("/big.bin", "Range", "bytes=1048570-");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 1048570-1048576/1048577", header(r, "Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(big, 1048570, big.length), r.body());
        HttpResponse<byte[]> outside = get("/big.bin", "Range", "bytes=2000000-");
        assertEquals(416, outside.statusCode());
        assertEquals("bytes */1048577", header(outside, "Content-Range"));
    }

    @Test
    void headAndConditionalRequests() throws Exception {
        HttpResponse<byte[]> head = TestContent.send("HEAD", URI.create(gateway.uri() + "/ipfs/" + root + "/app.js"));
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        assertEquals(Long.toString(Files.size(tree.resolve("app.js"))), header(head, "Content-Length"));
        assertEquals("text/javascript; charset=utf-8", header(head, "Content-Type"));
        HttpResponse<byte[]> cached = get("/app.js", "If-None-Match", "\"" + cids.get("app.js") + "\"");
        assertEquals(304, cached.statusCode());
        assertEquals(200, get("/app.js", "If-None-Match", "\"" + root + "\"").statusCode());
    }

    @Test
    void missingAndBadPathsAreRefusedClearly() throws Exception {
        HttpResponse<byte[]> missing = get("/nope.js");
        assertEquals(404, missing.statusCode());
        assertTrue(text(missing).contains("no entry named \"nope.js\" in /ipfs/" + root), text(missing));
        HttpResponse<byte[]> belowFile = get("/app.js/x");
        assertEquals(404, belowFile.statusCode());
        assertTrue(text(belowFile).contains("is a file, not a directory"), text(belowFile));
        assertEquals(400, get("/%2e%2e/index.html").statusCode());
        assertEquals(400, get("/a%2Fb").statusCode());
        assertEquals(400, get("/%C3").statusCode(), "not UTF-8 once decoded");
        assertEquals(400, TestContent.get(URI.create(gateway.uri() + "/ipfs/not-a-cid/index.html")).statusCode());
    }

    @Test
    void trustlessResponsesOfTheDirectoryStillWork() throws Exception {
        HttpResponse<byte[]> car = get("?format=car&dag-scope=all");
        assertEquals(200, car.statusCode());
        List<Cid> walk = new ArrayList<>();
        DagWalker.walk(root, store, DagScope.ALL, null, (cid, block) -> walk.add(cid));
        assertEquals(walk, carBlocks(car.body()));
        assertTrue(walk.containsAll(cids.values()), "the CAR holds every file and directory");
        HttpResponse<byte[]> raw = get("?format=raw");
        assertEquals(200, raw.statusCode());
        assertEquals(root, Cid.sha256(Cid.DAG_PB, raw.body()));
        assertEquals(501, get("/a/?format=car").statusCode(), "CARs of sub-paths are not implemented");
    }
}
