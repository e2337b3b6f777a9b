package org.unveil.ipfs.gateway;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.unveil.ipfs.BlockSource;

/**
 * An HTTP server speaking the IPFS trustless gateway protocol ({@code ?format=raw|car}, with
 * {@code dag-scope} and {@code entity-bytes}) plus the path gateway's deserialized responses
 * ({@code /ipfs/{cid}/path}: files by name with their Content-Type and Range, a directory's
 * {@code index.html} or listing), over any {@link BlockSource}. Browsers may call it (CORS) and
 * load a web site from it. It binds where told, 127.0.0.1 unless the
 * caller chooses otherwise, and serves from a bounded thread pool: excess connections wait in
 * a short queue and are dropped when it is full, so a flood cannot exhaust memory.
 *
 * @see <a href="https://specs.ipfs.tech/http-gateways/trustless-gateway/">Trustless Gateway spec</a>
 */
public final class TrustlessGateway implements AutoCloseable {
    private final HttpServer server;
    private final ThreadPoolExecutor pool;

    private TrustlessGateway(HttpServer server, ThreadPoolExecutor pool) {
        this.server = server;
        this.pool = pool;
    }

    /** Starts serving on {@code 127.0.0.1:port} (port 0 picks a free one) with 8 worker threads. */
    public static TrustlessGateway start(BlockSource blocks, int port) throws IOException {
        return start(blocks, new InetSocketAddress("127.0.0.1", port), 8);
    }

    /** Starts serving on {@code bind} with at most {@code threads} requests in progress at once. */
    public static TrustlessGateway start(BlockSource blocks, InetSocketAddress bind, int threads) throws IOException {
        Objects.requireNonNull(blocks, "block source required");
        Objects.requireNonNull(bind, "bind address required");
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("gateway threads must be 1..256, got " + threads);
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(threads * 8), r -> {
                    Thread t = new Thread(r, "unveil-gateway");
                    t.setDaemon(true);
                    return t;
                });
        HttpServer server = HttpServer.create(bind, 64);
        server.createContext("/", new GatewayHandler(blocks));
        server.setExecutor(pool);
        server.start();
        return new TrustlessGateway(server, pool);
    }

    /**
     * The gateway's request handler over {@code blocks}, without a server of its own: for a server
     * that mounts it at {@code /ipfs/} among other routes (the keyholder daemon) and brings its own
     * pool and limits.
     */
    public static HttpHandler handler(BlockSource blocks) {
        return new GatewayHandler(Objects.requireNonNull(blocks, "block source required"));
    }

    /** The port actually bound (useful after asking for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:8080}. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
    }

    /** Stops accepting, gives running responses a second to finish, then stops. */
    @Override
    public void close() {
        server.stop(1);
        pool.shutdownNow();
    }
}
