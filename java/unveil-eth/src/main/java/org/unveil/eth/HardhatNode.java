package org.unveil.eth;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code hardhat node} child process bound to 127.0.0.1 on a free port. Output goes to a log
 * file (a pipe nobody reads would eventually block the node); the log tail is quoted when it fails.
 */
final class HardhatNode implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** Hardhat's CLI entry point, relative to contracts/. */
    static final String CLI = "node_modules/hardhat/dist/src/cli.js";
    private final Process process;
    private final Path log;
    private final String rpcUrl;

    private HardhatNode(Process process, Path log, String rpcUrl) {
        this.process = process;
        this.log = log;
        this.rpcUrl = rpcUrl;
    }

    /** Starts on {@code port}, or on a free port when it is 0. */
    static HardhatNode start(Path repoRoot, int port) throws IOException {
        Path contracts = repoRoot.resolve("contracts");
        Path hardhat = contracts.resolve(CLI);
        if (!Files.isRegularFile(hardhat)) {
            throw new IOException("Hardhat is not installed at " + hardhat + "; run scripts/setup --contracts (npm ci in contracts/)");
        }
        Path node = NodeRuntime.find(repoRoot);
        IOException last = null;
        for (int attempt = 0; attempt < (port == 0 ? 3 : 1); attempt++) {
            int p = port == 0 ? freePort() : requireFree(port);
            Path log = Files.createTempFile("unveil-hardhat-" + p + "-", ".log");
            ProcessBuilder pb = new ProcessBuilder(node.toString(), hardhat.toString(), "node",
                    "--port", Integer.toString(p), "--hostname", "127.0.0.1")
                    .directory(contracts.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // Node must be first on PATH for anything Hardhat spawns itself.
            pb.environment().put("PATH", node.getParent() + java.io.File.pathSeparator + System.getenv().getOrDefault("PATH", ""));
            HardhatNode hn = new HardhatNode(pb.start(), log, "http://127.0.0.1:" + p);
            try {
                hn.awaitReady();
                return hn;
            } catch (IOException e) {
                hn.close();
                last = e;
                if (!e.getMessage().contains("EADDRINUSE")) break; // only a lost port race is worth retrying
            }
        }
        throw last;
    }

    String rpcUrl() {
        return rpcUrl;
    }

    long pid() {
        return process.pid();
    }

    private void awaitReady() throws IOException {
        // HTTP/1.1: the default h2c upgrade attempt on a POST is not answered by Hardhat's server.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(rpcUrl)).timeout(Duration.ofSeconds(5))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
                .build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("hardhat node exited with code " + process.exitValue() + " before answering JSON-RPC: " + logTail());
            }
            try {
                HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() == 200 && resp.body().contains("\"result\"") && process.isAlive()) return;
            } catch (IOException notYet) {
                // connection refused until the node listens
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for hardhat node at " + rpcUrl, e);
            }
            sleep(150);
        }
        throw new IOException("hardhat node at " + rpcUrl + " did not answer JSON-RPC within " + START_TIMEOUT.toSeconds() + " s: " + logTail());
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the node and everything it spawned: polite signal first, then force after a grace period. */
    @Override
    public void close() {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle h : tree) {
                if (h.isAlive()) h.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a leftover temp log is harmless
        }
    }

    /** A busy port would let another server answer the readiness probe in the node's place. */
    private static int requireFree(int port) throws IOException {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IOException("port " + port + " on 127.0.0.1 is in use (another node running?); stop it or pick another port", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
