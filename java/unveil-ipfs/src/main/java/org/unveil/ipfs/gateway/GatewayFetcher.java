package org.unveil.ipfs.gateway;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.unveil.ipfs.BlockSink;
import org.unveil.ipfs.BlockSource;
import org.unveil.ipfs.CarReader;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.DagScope;
import org.unveil.ipfs.DagWalker;
import org.unveil.ipfs.UnixFsExporter;

/**
 * Downloads a UnixFS file by CID from trustless gateways, trusting none of them: it asks each for
 * a CAR in {@code order=dfs, dups=n}, checks every block's hash and that the blocks arrive exactly
 * as a depth-first walk of the DAG needs them, and writes the file atomically. On any failure
 * (HTTP error, timeout, stall, a wrong, extra, missing or oversized block, an unknown codec, a
 * DAG too deep) it discards the partial file and tries the next gateway.
 */
public final class GatewayFetcher {
    static final String ACCEPT = "application/vnd.ipld.car; version=1; order=dfs; dups=n";
    /** The JDK client's read buffer (default 16 KiB); 256 KiB cut a 1 GiB loopback fetch by about a fifth. */
    private static final String CLIENT_BUFFER_PROPERTY = "jdk.httpclient.bufsize";

    static {
        // Read once when the JDK client first loads, so it must be set before any HttpClient is built; a value
        // the user set on the command line wins.
        if (System.getProperty(CLIENT_BUFFER_PROPERTY) == null) {
            System.setProperty(CLIENT_BUFFER_PROPERTY, Integer.toString(256 * 1024));
        }
    }
    private final List<URI> gateways;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param gateways base URLs ({@code http://host:port}), tried in order
     * @param timeout connect and first-byte limit, and the longest silence tolerated mid-download
     */
    public GatewayFetcher(List<URI> gateways, Duration timeout) {
        Objects.requireNonNull(gateways, "gateway list required");
        if (gateways.isEmpty()) throw new IllegalArgumentException("at least one gateway URL required");
        for (URI g : gateways) {
            if (g == null || !("http".equals(g.getScheme()) || "https".equals(g.getScheme())) || g.getHost() == null) {
                throw new IllegalArgumentException("gateway URL must be http(s)://host[:port], got [" + g + "]");
            }
        }
        this.gateways = List.copyOf(gateways);
        this.timeout = Objects.requireNonNull(timeout, "timeout required");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Fetches the UnixFS file {@code root} into {@code out}. Blocks are verified as they stream
     * in; repeated chunks are served from a scratch file next to {@code out}, deleted afterwards.
     *
     * @throws FetchFailedException when every gateway failed; each reason is attached as suppressed
     */
    public FetchResult fetch(Cid root, Path out, FetchProgress progress) throws IOException {
        Objects.requireNonNull(out, "output path required");
        Objects.requireNonNull(progress, "progress listener required (use FetchProgress.NONE)");
        Path dir = out.toAbsolutePath().getParent();
        return fromAnyGateway(root, () -> new SpoolCache(dir), source -> {
            long size = UnixFsExporter.size(root, source);
            try (AtomicFile file = AtomicFile.create(out)) {
                BufferedOutputStream buffered = new BufferedOutputStream(counting(file.stream(), size, progress), 1 << 16);
                UnixFsExporter.export(root, source, buffered);
                buffered.flush();
                source.requireExhausted();
                file.commit();
            }
            return size;
        });
    }

    /**
     * Copies the whole DAG under {@code root} (any shape, not only files) into {@code store},
     * verified the same way: what a keyholder does before pinning a release it holds a share of.
     */
    public <S extends BlockSource & BlockSink> FetchResult fetchDag(Cid root, S store) throws IOException {
        Objects.requireNonNull(store, "block store required");
        return fromAnyGateway(root, () -> new Borrowed<>(store), source -> {
            DagWalker.walk(root, source, DagScope.ALL, null, (cid, block) -> { });
            source.requireExhausted();
            return 0;
        });
    }

    /** What to do with a verified CAR stream; returns the file size written, if any. */
    private interface StreamConsumer {
        long consume(CarStreamSource source) throws IOException;
    }

    /** A fresh cache per gateway tried. */
    private interface CacheFactory {
        BlockCache open() throws IOException;
    }

    /** The caller's store, used for one attempt and left open. */
    private record Borrowed<S extends BlockSource & BlockSink>(S store) implements BlockCache {
        @Override
        public byte[] get(Cid cid) throws IOException {
            return store.get(cid);
        }

        @Override
        public void put(Cid cid, byte[] block) throws IOException {
            store.put(cid, block);
        }

        @Override
        public void close() {
            // the caller owns the store
        }
    }

    private FetchResult fromAnyGateway(Cid root, CacheFactory caches, StreamConsumer consumer) throws IOException {
        Objects.requireNonNull(root, "CID required");
        List<IOException> failures = new ArrayList<>();
        for (URI gateway : gateways) {
            try {
                return attempt(gateway, root, caches, consumer);
            } catch (IOException | UncheckedIOException e) {
                IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
                failures.add(new IOException(gateway + ": " + io.getMessage(), io));
            }
        }
        StringBuilder msg = new StringBuilder("no gateway delivered a verified copy of " + root + ":");
        for (IOException f : failures) msg.append("\n  ").append(f.getMessage());
        FetchFailedException ex = new FetchFailedException(msg.toString());
        failures.forEach(ex::addSuppressed);
        throw ex;
    }

    private FetchResult attempt(URI gateway, Cid root, CacheFactory caches, StreamConsumer consumer) throws IOException {
        long started = System.nanoTime();
        URI uri = URI.create(gateway.toString().replaceAll("/+$", "") + "/ipfs/" + root
                + "?format=car&dag-scope=all&car-dups=n");
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", ACCEPT).GET().build();
        try (StallWatchdog watchdog = new StallWatchdog(timeout.toMillis())) {
            try {
                HttpResponse<InputStream> resp = send(req);
                try (InputStream body = watchdog.watch(resp.body())) {
                    if (resp.statusCode() != 200) {
                        throw new IOException("HTTP " + resp.statusCode() + ": " + snippet(body));
                    }
                    checkContentType(resp.headers().firstValue("Content-Type").orElse(""));
                    CarReader reader = new CarReader(body);
                    try (BlockCache cache = caches.open(); CarPrefetch prefetch = new CarPrefetch(reader)) {
                        CarStreamSource source = new CarStreamSource(prefetch, cache);
                        long size = consumer.consume(source);
                        return new FetchResult(gateway, size, source.blocks(), source.bytes(),
                                Duration.ofNanos(System.nanoTime() - started));
                    }
                }
            } catch (IOException e) {
                if (watchdog.fired()) {
                    throw new IOException("stalled: no data for " + timeout.toMillis() + " ms", e);
                }
                throw e;
            }
        }
    }

    private HttpResponse<InputStream> send(HttpRequest req) throws IOException {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + req.uri(), e);
        }
    }

    /** Only a dfs, dups=n CARv1 can be verified block by block; anything else is refused up front. */
    static void checkContentType(String contentType) throws IOException {
        String ct = contentType.toLowerCase(Locale.ROOT).replace(" ", "");
        if (!ct.startsWith("application/vnd.ipld.car")) {
            throw new IOException("answered Content-Type [" + contentType + "], not a CAR; is this a trustless gateway?");
        }
        if (ct.contains("version=") && !ct.contains("version=1")) {
            throw new IOException("sent CAR version other than 1 [" + contentType + "]");
        }
        if (!ct.contains("order=dfs")) {
            throw new IOException("did not promise order=dfs [" + contentType + "]; cannot verify the DAG shape in a stream");
        }
        if (ct.contains("dups=y")) {
            throw new IOException("sent dups=y although dups=n was requested [" + contentType + "]");
        }
    }

    private static OutputStream counting(OutputStream out, long total, FetchProgress progress) {
        return new FilterOutputStream(out) {
            private long written;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                written += len;
                progress.progress(written, total);
            }
        };
    }

    private static String snippet(InputStream body) throws IOException {
        byte[] head = body.readNBytes(300);
        return new String(head, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
    }
}
