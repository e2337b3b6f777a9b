package org.unveil.keyholder.daemon;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.unveil.eth.DevChain;
import org.unveil.eth.KeyholderRegistryClient;
import org.unveil.eth.Wei;
import org.unveil.keyholder.config.ConfigLoader;
import org.unveil.keyholder.config.DaemonConfig;
import org.web3j.crypto.WalletUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keyholder daemons for the tests, set up as an operator would: a keystore and password file per
 * bot, registered in the registry with its endpoint and stake, and a TOML configuration file that
 * {@link ConfigLoader} reads. Test keys only (Hardhat's development accounts).
 */
final class Fleet {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private Fleet() {}

    /** One bot's files: its configuration, data directory, account and port. */
    record Bot(int account, String address, Path config, int port) {
        DaemonConfig load() throws Exception {
            return ConfigLoader.load(config, Map.of());
        }

        Daemon start() throws Exception {
            return Daemon.start(load());
        }
    }

    /** Writes the files of bots for {@code accounts} under {@code dir} and registers each with its endpoint. */
    static List<Bot> prepare(DevChain chain, Path dir, List<Integer> accounts, int confirmations) throws Exception {
        var registry = KeyholderRegistryClient.at(chain.chain(), chain.deployment().registry());
        List<Bot> bots = new ArrayList<>();
        for (int account : accounts) {
            Path home = Files.createDirectories(dir.resolve("bot-" + account));
            Path password = home.resolve("password.txt");
            Files.writeString(password, "test password " + account + "\n");
            String keystore = WalletUtils.generateWalletFile("test password " + account, chain.account(account).getEcKeyPair(), home.toFile(), false);
            int port = freePort();
            Path config = home.resolve("keyholder.toml");
            Files.writeString(config, """
                    data_dir = "data"
                    [chain]
                    rpc = "%s"
                    chain_id = 31337
                    factory = "%s"
                    poll_interval = "200ms"
                    finality = %d
                    [wallet]
                    keystore = "%s"
                    password_file = "password.txt"
                    [http]
                    listen = "127.0.0.1:%d"
                    public_url = "http://127.0.0.1:%d"
                    threads = 4
                    [gas]
                    bump_after = "20s"
                    """.formatted(chain.rpcUrl(), chain.deployment().factory(), confirmations, keystore, port, port));
            var sender = chain.chain().sender(chain.account(account));
            if (!registry.profile(sender.address()).registered()) {
                registry.register(sender, sender.address(), sender.address(), "http://127.0.0.1:" + port, "");
                registry.stake(sender, Wei.parse("1eth"));
            } else {
                registry.updateProfile(sender, sender.address(), sender.address(), "http://127.0.0.1:" + port, "");
            }
            bots.add(new Bot(account, sender.address().toLowerCase(java.util.Locale.ROOT), config, port));
        }
        return bots;
    }

    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code c} until it holds; fails after {@code timeout} with {@code what} (computed then, so it can carry a log). */
    static void await(Condition c, Duration timeout, Supplier<String> what) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (!c.holds()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what.get());
            Thread.sleep(100);
        }
    }

    /**
     * How many of the actions a bot at {@code endpoint} journaled for {@code release} are signed or
     * sent but not final, as its report ({@code GET /v1/releases/{address}}) says; -1 if it answers
     * no report.
     */
    static int pendingActions(URI endpoint, String release) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/v1/releases/" + release)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) return -1;
        int pending = 0;
        for (JsonNode a : JSON.readTree(r.body()).path("actions")) {
            String status = a.path("status").asString();
            if (status.equals("SIGNED") || status.equals("BROADCAST")) pending++;
        }
        return pending;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
