package org.unveil.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.gateway.TrustlessGateway;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class IpfsCommandTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    @TempDir Path dir;

    static CliRun run(String... args) {
        return CliRun.of(args).stripped();
    }

    Path file(String name, int size, long seed) throws Exception {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return Files.write(dir.resolve(name), b);
    }

    JsonNode ok(String... args) {
        CliRun r = run(args);
        assertEquals(0, r.exit(), r.err());
        return JSON.readTree(r.out());
    }

    @Test
    void addExportImportPinGcRoundTrip() throws Exception {
        String repo = dir.resolve("repo").toString();
        Path input = file("in.bin", 3_000_000, 1);
        JsonNode added = ok("ipfs", "add", input.toString(), "--repo", repo, "--profile", "kubo-legacy", "--json");
        String cid = added.path("cid").asString();
        assertEquals(3_000_000, added.path("size").asLong());
        assertEquals("kubo-legacy", added.path("profile").asString());

        CliRun text = run("ipfs", "add", input.toString(), "--repo", repo, "--profile", "kubo-legacy");
        assertEquals(cid, text.out(), "without --json the CID alone is printed");

        Path car = dir.resolve("x.car");
        JsonNode exported = ok("ipfs", "export-car", cid, "--out", car.toString(), "--repo", repo, "--json");
        assertEquals(13, exported.path("blocks").asLong(), "root + 12 leaves of 256 KiB");
        JsonNode imported = ok("ipfs", "import-car", car.toString(), "--repo", dir.resolve("repo2").toString(), "--json");
        assertEquals(cid, imported.path("cid").asString());
        assertTrue(imported.path("pinned").asBoolean());

        JsonNode gc = ok("ipfs", "gc", "--repo", repo, "--json");
        assertEquals(13, gc.path("removedBlocks").asLong(), "nothing was pinned in repo 1");
        CliRun pinMissing = run("ipfs", "pin", cid, "--repo", repo);
        assertEquals(1, pinMissing.exit());
        assertTrue(pinMissing.err().startsWith("unveil: ") && pinMissing.err().contains("not found"), pinMissing.err());

        ok("ipfs", "add", input.toString(), "--repo", repo, "--profile", "kubo-legacy", "--pin", "--json");
        assertEquals(0, ok("ipfs", "gc", "--repo", repo, "--json").path("removedBlocks").asLong());
        assertTrue(ok("ipfs", "unpin", cid, "--repo", repo, "--json").path("unpinned").asBoolean());
        assertEquals(13, ok("ipfs", "gc", "--repo", repo, "--json").path("removedBlocks").asLong());
    }

    /** Issue #8: content of one block (every file up to 1 MiB by default) failed to fetch; sizes around the chunk boundary, both profiles. */
    @Test
    void addedFilesOfEveryShapeComeBackThroughGet() throws Exception {
        Path originRepo = dir.resolve("origin");
        try (FsBlockStore store = FsBlockStore.open(originRepo); TrustlessGateway gw = TrustlessGateway.start(store, 0)) {
            for (String profile : List.of("unixfs-v1-2025", "kubo-legacy")) {
                int chunk = profile.equals("kubo-legacy") ? 256 * 1024 : 1024 * 1024;
                for (int size : new int[] {0, 1, 1000, chunk - 1, chunk, chunk + 1}) {
                    Path input = file(profile + "-" + size + ".bin", size, size);
                    String cid = ok("ipfs", "add", input.toString(), "--repo", originRepo.toString(), "--profile", profile, "--json").path("cid").asString();
                    Path out = dir.resolve("got-" + profile + "-" + size);
                    CliRun got = run("ipfs", "get", cid, "--gateway", gw.uri().toString(), "--out", out.toString(), "--json");
                    assertEquals(0, got.exit(), profile + " " + size + " bytes: " + got.err());
                    assertArrayEquals(Files.readAllBytes(input), Files.readAllBytes(out), profile + " " + size + " bytes");
                }
            }
        }
    }

    @Test
    void getVerifiesFromAGatewayAndFailsCleanlyOtherwise() throws Exception {
        Path input = file("in.bin", 2_500_000, 2);
        Path originRepo = dir.resolve("origin");
        String cid = ok("ipfs", "add", input.toString(), "--repo", originRepo.toString(), "--json").path("cid").asString();
        Path out = dir.resolve("got.bin");
        try (FsBlockStore store = FsBlockStore.open(originRepo); TrustlessGateway gw = TrustlessGateway.start(store, 0)) {
            JsonNode got = ok("ipfs", "get", cid, "--gateway", gw.uri().toString(), "--out", out.toString(),
                    "--repo", dir.resolve("fan").toString(), "--json");
            assertEquals(2_500_000, got.path("bytes").asLong());
            assertEquals(gw.uri().toString(), got.path("gateway").asString());
        }
        assertArrayEquals(Files.readAllBytes(input), Files.readAllBytes(out));

        Path out2 = dir.resolve("never.bin");
        CliRun failed = run("ipfs", "get", cid, "--gateway", "http://127.0.0.1:1", "--out", out2.toString(),
                "--repo", dir.resolve("fan2").toString(), "--timeout", "2");
        assertEquals(1, failed.exit());
        assertTrue(failed.err().startsWith("unveil: no gateway delivered a verified copy of " + cid), failed.err());
        assertFalse(Files.exists(out2));
    }

    @Test
    void badInputIsOneClearLine() {
        CliRun badCid = run("ipfs", "pin", "not-a-cid", "--repo", dir.toString());
        assertEquals(1, badCid.exit());
        assertTrue(badCid.err().startsWith("unveil: invalid CID"), badCid.err());
        CliRun badProfile = run("ipfs", "add", "x", "--profile", "v9", "--repo", dir.toString());
        assertEquals(1, badProfile.exit());
        assertTrue(badProfile.err().contains("unknown UnixFS profile"), badProfile.err());
        CliRun noTarget = run("ipfs", "push", "bafkqaaa", "--repo", dir.toString());
        assertEquals(2, noTarget.exit(), "picocli usage error: one of --kubo / --pinning-service is required");
        CliRun noToken = run("ipfs", "push", "bafkqaaa", "--pinning-service", "http://127.0.0.1:1", "--repo", dir.toString());
        assertEquals(1, noToken.exit());
        assertTrue(noToken.err().contains("--token-file"), noToken.err());
    }

    @Test
    void serveRunsAsAProcessUntilSignalled() throws Exception {
        Path input = file("in.bin", 100_000, 3);
        Path repo = dir.resolve("repo");
        String cid = ok("ipfs", "add", input.toString(), "--repo", repo.toString(), "--json").path("cid").asString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.unveil.cli.Main",
                "ipfs", "serve", "--repo", repo.toString(), "--port", "0", "--json").redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = lines.readLine();
            URI url = URI.create(JSON.readTree(first).path("url").asString());
            assertEquals("127.0.0.1", url.getHost());
            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "/ipfs/" + cid)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode());
            assertArrayEquals(Files.readAllBytes(input), r.body());
            assertEquals(Cid.parse(cid).toString(), r.headers().firstValue("X-Ipfs-Roots").orElseThrow());
        } finally {
            p.destroy(); // SIGTERM: the shutdown hook closes gateway and store
        }
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "serve exits on SIGTERM");
    }

    Path webTree() throws Exception {
        Path web = dir.resolve("web");
        Files.createDirectories(web.resolve("lib"));
        Files.createDirectories(web.resolve("pages/empty"));
        Files.writeString(web.resolve("index.html"), "<!doctype html><script type=module src=lib/app.js></script>");
        Files.writeString(web.resolve("lib/app.js"), "export const ok = true\n");
        Files.writeString(web.resolve("pages/about.html"), "<p>about</p>");
        Files.writeString(web.resolve("style.css"), "p{}");
        Files.writeString(web.resolve(".hidden"), "not published by default");
        return web;
    }

    @Test
    void addRecursiveStoresPinsAndPrintsTheRootCid() throws Exception {
        Path web = webTree();
        String repo = dir.resolve("repo").toString();
        Cid expected = org.unveil.ipfs.UnixFsImporter.importDirectory(web, org.unveil.ipfs.UnixFsProfile.UNIXFS_V1_2025,
                (c, b) -> { }, false, (p, c, n) -> { });
        JsonNode added = ok("ipfs", "add", "-r", web.toString(), "--repo", repo, "--json");
        assertEquals(expected.toString(), added.path("cid").asString());
        assertEquals(4, added.path("files").asLong(), "the hidden file is skipped, as in kubo");
        assertEquals(4, added.path("directories").asLong(), "web, lib, pages, pages/empty");
        assertTrue(added.path("pinned").asBoolean());
        assertEquals(0, ok("ipfs", "gc", "--repo", repo, "--json").path("removedBlocks").asLong(), "the root is pinned");

        CliRun verbose = run("ipfs", "add", "--recursive", web.toString(), "--repo", repo, "--verbose");
        assertEquals(0, verbose.exit(), verbose.err());
        List<String> lines = verbose.out().lines().toList();
        assertEquals(expected.toString(), lines.getLast(), "the root CID alone comes last");
        assertEquals("added " + expected + " web", lines.get(lines.size() - 2));
        assertTrue(lines.stream().anyMatch(l -> l.matches("added bafk\\w+ web/lib/app\\.js")), verbose.out());
        assertEquals(9, lines.size(), "4 files, 4 directories, the root CID");

        String withHidden = ok("ipfs", "add", "-r", "--hidden", web.toString(), "--repo", repo, "--json").path("cid").asString();
        assertFalse(withHidden.equals(expected.toString()), "--hidden includes .hidden");
    }

    @Test
    void addRecursiveRefusesSymlinksAndAskingForAFileGivesTheHint() throws Exception {
        Path web = webTree();
        String repo = dir.resolve("repo").toString();
        CliRun noR = run("ipfs", "add", web.toString(), "--repo", repo);
        assertEquals(1, noR.exit());
        assertTrue(noR.err().contains("is a directory; give a file, or add it with -r"), noR.err());
        Files.createSymbolicLink(web.resolve("lib/link.js"), web.resolve("lib/app.js"));
        CliRun link = run("ipfs", "add", "-r", web.toString(), "--repo", repo);
        assertEquals(1, link.exit());
        assertEquals(1, link.err().lines().count(), link.err());
        assertTrue(link.err().startsWith("unveil: " + web.resolve("lib/link.js")) && link.err().contains("symbolic link"), link.err());
        CliRun file = run("ipfs", "add", "-r", web.resolve("style.css").toString(), "--repo", repo);
        assertEquals(1, file.exit());
        assertTrue(file.err().contains("is not a directory"), file.err());
    }

    @Test
    void serveAnswersBrowsersFromAnAddedTree() throws Exception {
        Path web = webTree();
        Path repo = dir.resolve("repo");
        String cid = ok("ipfs", "add", "-r", web.toString(), "--repo", repo.toString(), "--json").path("cid").asString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.unveil.cli.Main",
                "ipfs", "serve", "--repo", repo.toString(), "--port", "0", "--json").redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            URI url = URI.create(JSON.readTree(lines.readLine()).path("url").asString());
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> redirect = http.send(HttpRequest.newBuilder(URI.create(url + "/ipfs/" + cid)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(301, redirect.statusCode());
            assertEquals("/ipfs/" + cid + "/", redirect.headers().firstValue("Location").orElseThrow());
            HttpResponse<String> index = http.send(HttpRequest.newBuilder(URI.create(url + "/ipfs/" + cid + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, index.statusCode());
            assertEquals(Files.readString(web.resolve("index.html")), index.body());
            assertEquals("text/html; charset=utf-8", index.headers().firstValue("Content-Type").orElseThrow());
            HttpResponse<String> module = http.send(HttpRequest.newBuilder(URI.create(url + "/ipfs/" + cid + "/lib/app.js")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("text/javascript; charset=utf-8", module.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("export const ok = true\n", module.body());
        } finally {
            p.destroy();
        }
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "serve exits on SIGTERM");
    }
}
