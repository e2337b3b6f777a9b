package org.unveil.keyholder.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.unveil.eth.DevChain;
import org.unveil.eth.KeyholderRegistryClient;
import org.unveil.eth.Wei;
import org.web3j.crypto.WalletUtils;

/**
 * One keyholder daemon in its own process, set up as an operator would: a keystore and password
 * file, registered and staked in the registry with its endpoint, a TOML configuration, and
 * {@code ./unveil keyholder run --config} (the repository's launcher, with its default heap), so its
 * memory and CPU are its own. Test keys only (a Hardhat development account).
 */
final class BotProcess implements AutoCloseable {
    final String address;
    final URI uri;
    final Path dataDir;
    final Path log;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private BotProcess(String address, URI uri, Path dataDir, Path log, Process process) {
        this.address = address;
        this.uri = uri;
        this.dataDir = dataDir;
        this.log = log;
        this.process = process;
    }

    static BotProcess start(Path repo, DevChain chain, Path home, int account, int confirmations, String pollInterval, int maxSlots) throws Exception {
        Files.createDirectories(home);
        String password = "bench password " + account;
        Files.writeString(home.resolve("password.txt"), password + "\n");
        String keystore = WalletUtils.generateWalletFile(password, chain.account(account).getEcKeyPair(), home.toFile(), false);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = home.resolve("keyholder.toml");
        Files.writeString(config, """
                data_dir = "data"
                [chain]
                rpc = "%s"
                chain_id = 31337
                factory = "%s"
                poll_interval = "%s"
                finality = %d
                [wallet]
                keystore = "%s"
                password_file = "password.txt"
                [http]
                listen = "127.0.0.1:%d"
                public_url = "http://127.0.0.1:%d"
                [terms]
                max_slots = %d
                """.formatted(chain.rpcUrl(), chain.deployment().factory(), pollInterval, confirmations, keystore, port, port, maxSlots));
        var registry = KeyholderRegistryClient.at(chain.chain(), chain.deployment().registry());
        var sender = chain.chain().sender(chain.account(account));
        registry.register(sender, sender.address(), sender.address(), "http://127.0.0.1:" + port, "");
        registry.stake(sender, Wei.parse("1eth"));
        Path log = home.resolve("daemon.log");
        ProcessBuilder pb = new ProcessBuilder(repo.resolve("unveil").toString(), "keyholder", "run", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.putIfAbsent("UNVEIL_JAVA_OPTS", "");
        BotProcess bot = new BotProcess(sender.address().toLowerCase(Locale.ROOT), URI.create("http://127.0.0.1:" + port + "/"), home.resolve("data"), log, pb.start());
        bot.awaitHealthy(Duration.ofMinutes(2));
        return bot;
    }

    /** The JVM's pid: the launcher execs java, so the child's pid is the JVM's. */
    long pid() {
        return process.pid();
    }

    private void awaitHealthy(Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) throw new IOException("the keyholder daemon exited with code " + process.exitValue() + "; see " + log + ":\n" + tail());
            try {
                if (get("healthz").statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > end) throw new IOException("the keyholder daemon did not answer /healthz within " + timeout + "; see " + log);
            Thread.sleep(250);
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The daemon's /metrics, each sample by its name with labels ("unveil_keyholder_passes_total"). */
    Map<String, Double> metrics() throws IOException, InterruptedException {
        HttpResponse<String> r = get("metrics");
        if (r.statusCode() != 200) throw new IOException("GET /metrics answered " + r.statusCode() + ": " + r.body());
        Map<String, Double> out = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int space = line.lastIndexOf(' ');
            out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return out;
    }

    boolean alive() {
        return process.isAlive();
    }

    String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /** SIGTERM (the daemon finishes its pass and stops), then SIGKILL after 60 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
