package org.unveil.keyholder.http;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.unveil.archive.ReleaseTerms;
import org.unveil.eth.DevChain;
import org.unveil.eth.hiring.Policy;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.keyholder.hiring.ArchiveIntake;
import org.unveil.keyholder.hiring.DeskConfig;
import org.unveil.keyholder.hiring.SolicitationDesk;
import org.unveil.keyholder.store.KeyholderStore;
import org.web3j.crypto.Credentials;

/** A whole bot over a real chain: its SQLite file, block store, staging, desk, intake and server; and an HTTP client for it. */
final class TestBot implements AutoCloseable {
    static final Policy POLICY = new Policy(SolicitationDraft.ETH.divide(BigInteger.TEN), SolicitationDraft.ETH.multiply(BigInteger.valueOf(5)),
            BigInteger.ZERO, 3600, 30 * 86_400, 64 << 20, List.of(ReleaseTerms.ZERO_ADDRESS));
    /** Limits loose enough that a test class's requests from 127.0.0.1 never meet them. */
    static final RateLimit LOOSE = new RateLimit(10_000, 10_000);

    final DevChain chain;
    final Path dir;
    final KeyholderStore store;
    final FsBlockStore blocks;
    final SolicitationDesk desk;
    final KeyholderServer server;
    final FixedReleaseDesk engine;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestBot(DevChain chain, Path dir, KeyholderStore store, FsBlockStore blocks, SolicitationDesk desk, KeyholderServer server,
            FixedReleaseDesk engine) {
        this.chain = chain;
        this.dir = dir;
        this.store = store;
        this.blocks = blocks;
        this.desk = desk;
        this.server = server;
        this.engine = engine;
    }

    static Credentials keyholder(DevChain chain) {
        return chain.account(2);
    }

    static Credentials operator(DevChain chain) {
        return chain.account(3);
    }

    static KeyholderServer.Options options(RateLimit perIp, RateLimit perArtist, Duration jsonBodyTime) {
        return new KeyholderServer.Options(new InetSocketAddress("127.0.0.1", 0), 8, perIp, perArtist, jsonBodyTime, Duration.ofSeconds(30),
                Duration.ofSeconds(60), ArchiveIntake.carLimit(POLICY.maxArchiveBytes()));
    }

    static TestBot start(DevChain chain, Path dir, int maxSlots) throws IOException {
        return start(chain, dir, maxSlots, options(LOOSE, LOOSE, Duration.ofSeconds(10)));
    }

    /** Opens (or reopens) the bot whose files are in {@code dir}. */
    static TestBot start(DevChain chain, Path dir, int maxSlots, KeyholderServer.Options options) throws IOException {
        Files.createDirectories(dir);
        KeyholderStore store = KeyholderStore.open(dir.resolve("state.db"));
        FsBlockStore blocks = FsBlockStore.open(dir.resolve("blocks"));
        DeskConfig config = new DeskConfig(keyholder(chain), operator(chain), POLICY, maxSlots, DeskConfig.DEFAULT_OFFER_LIFETIME, "unveil-test/0.1");
        SolicitationDesk desk = SolicitationDesk.create(chain.chain(), chain.deployment().factory(), store, config, Clock.systemUTC());
        ArchiveIntake intake = ArchiveIntake.open(store, blocks, dir.resolve("staging"), desk.domain(), Clock.systemUTC());
        FixedReleaseDesk engine = new FixedReleaseDesk();
        KeyholderServer server = KeyholderServer.start(options, desk, intake, engine, blocks);
        return new TestBot(chain, dir, store, blocks, desk, server, engine);
    }

    String factory() {
        return chain.deployment().factory();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> put(String path, byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/vnd.ipld.car")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return server.uri().resolve(path);
    }

    /** Every block file in the bot's store. */
    long blockFiles() throws IOException {
        try (Stream<Path> s = Files.walk(dir.resolve("blocks").resolve("blocks"))) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    /** Whatever the intake left in its staging directory. */
    List<Path> staged() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("staging"))) {
            return s.toList();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        blocks.close();
        store.close();
    }
}
