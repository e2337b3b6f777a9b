package org.unveil.keyholder.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.unveil.ipfs.BlockSource;
import org.unveil.keyholder.hiring.ArchiveIntake;
import org.unveil.keyholder.hiring.SolicitationDesk;

/**
 * The keyholder bot's HTTP endpoints (spec/keyholder-protocol.md section 8) on the JDK's
 * {@code HttpServer}: hiring ({@link SolicitationDesk}), archive uploads ({@link ArchiveIntake}), the
 * engine's commit, release reports, health and metrics ({@link ReleaseDesk}), and a trustless gateway
 * over the bot's blocks at {@code /ipfs/}. Requests run on a bounded pool with a short queue, and
 * every body is read under a size limit and a deadline, so neither a flood nor a slow client can
 * hold more than the pool.
 */
public final class KeyholderServer implements AutoCloseable {
    /**
     * Where to listen and the limits of section 8.
     *
     * @param maxCarBytes the largest CAR body taken at all (per offer, the intake cuts lower), see {@link ArchiveIntake#carLimit}
     */
    public record Options(InetSocketAddress bind, int threads, RateLimit perIp, RateLimit perArtist, Duration jsonBodyTime,
            Duration carTimePerMiB, Duration carTimeMin, long maxCarBytes) {
        public Options {
            Objects.requireNonNull(bind, "bind address required");
            if (threads < 1 || threads > 256) throw new IllegalArgumentException("server threads must be 1..256, got " + threads);
            Objects.requireNonNull(perIp, "per-IP rate limit required");
            Objects.requireNonNull(perArtist, "per-artist rate limit required");
            Objects.requireNonNull(jsonBodyTime, "JSON body time limit required");
            Objects.requireNonNull(carTimePerMiB, "CAR time per MiB required");
            Objects.requireNonNull(carTimeMin, "CAR minimum time required");
            if (maxCarBytes < 1) throw new IllegalArgumentException("maxCarBytes must be >= 1, got " + maxCarBytes);
        }

        /** The same limits, served by {@code n} threads. */
        public Options withThreads(int n) {
            return new Options(bind, n, perIp, perArtist, jsonBodyTime, carTimePerMiB, carTimeMin, maxCarBytes);
        }

        /** Section 8's defaults: 10 s for a JSON body, 30 s per MiB of a CAR (at least 60 s), the default rate limits, 16 threads. */
        public static Options defaults(InetSocketAddress bind, long maxArchiveBytes) {
            return new Options(bind, 16, RateLimit.PER_IP, RateLimit.PER_ARTIST, Duration.ofSeconds(10), Duration.ofSeconds(30),
                    Duration.ofSeconds(60), ArchiveIntake.carLimit(maxArchiveBytes));
        }
    }

    private final HttpServer server;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer;

    private KeyholderServer(HttpServer server, ThreadPoolExecutor pool, ScheduledExecutorService timer) {
        this.server = server;
        this.pool = pool;
        this.timer = timer;
    }

    /** Binds and starts serving; {@code gatewayBlocks} is what {@code GET /ipfs/{cid}} serves (the bot's block store). */
    public static KeyholderServer start(Options options, SolicitationDesk desk, ArchiveIntake archives, ReleaseDesk releases,
            BlockSource gatewayBlocks) throws IOException {
        Objects.requireNonNull(options, "options required");
        ThreadPoolExecutor pool = new ThreadPoolExecutor(options.threads(), options.threads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(options.threads() * 8), r -> daemon(r, "unveil-keyholder-http"));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "unveil-keyholder-http-deadline"));
        HttpServer server = HttpServer.create(options.bind(), 64);
        server.createContext("/", new KeyholderHandler(options, desk, archives, releases, gatewayBlocks, timer));
        server.setExecutor(pool);
        server.start();
        return new KeyholderServer(server, pool, timer);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:8080}. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
    }

    /** Stops accepting, gives running exchanges a second, then stops. */
    @Override
    public void close() {
        server.stop(1);
        pool.shutdownNow();
        timer.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
