package org.unveil.ipfs.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.unveil.io.AtomicFiles;
import org.unveil.io.AtomicOutput;
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
    private final List<URI> gateways;
    private final Duration timeout;

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
        return fromAnyGateway(root, car -> {
            try (AtomicOutput file = AtomicFiles.open(out); OutputBackedCache cache = new OutputBackedCache(file, new SpoolCache(dir))) {
                CarStreamSource source = new CarStreamSource(car, cache);
                long size = UnixFsExporter.size(root, source);
                OutputStream output = cache.output(progress, size);
                UnixFsExporter.export(root, source, output);
                output.flush();
                source.requireExhausted();
                file.commit();
                return new Received(size, source);
            }
        });
    }

    /**
     * Copies the whole DAG under {@code root} (any shape, not only files) into {@code store},
     * verified the same way: what a keyholder does before pinning a release it holds a share of.
     */
    public <S extends BlockSource & BlockSink> FetchResult fetchDag(Cid root, S store) throws IOException {
        Objects.requireNonNull(store, "block store required");
        return fromAnyGateway(root, car -> {
            CarStreamSource source = new CarStreamSource(car, new Borrowed<>(store));
            DagWalker.walk(root, source, DagScope.ALL, null, (cid, block) -> { });
            source.requireExhausted();
            return new Received(0, source);
        });
    }

    /** What to do with one gateway's verified block stream. */
    private interface StreamConsumer {
        Received consume(CarPrefetch car) throws IOException;
    }

    /** What one attempt took in: the file size written (0 for a DAG copy) and the blocks read. */
    private record Received(long fileBytes, CarStreamSource source) {}

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

    private FetchResult fromAnyGateway(Cid root, StreamConsumer consumer) throws IOException {
        Objects.requireNonNull(root, "CID required");
        List<IOException> failures = new ArrayList<>();
        for (URI gateway : gateways) {
            try {
                return attempt(gateway, root, consumer);
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

    private FetchResult attempt(URI gateway, Cid root, StreamConsumer consumer) throws IOException {
        long started = System.nanoTime();
        URI uri = URI.create(gateway.toString().replaceAll("/+$", "") + "/ipfs/" + root
                + "?format=car&dag-scope=all&car-dups=n");
        HttpURLConnection conn = (HttpURLConnection) uri.toURL().openConnection();
        try {
            conn.setConnectTimeout(timeoutMillis());
            // The read timeout bounds every single read, so it catches a gateway that stalls mid-body,
            // and only time spent waiting on the network counts, never our own disk.
            conn.setReadTimeout(timeoutMillis());
            conn.setInstanceFollowRedirects(false);
            conn.setUseCaches(false);
            conn.setRequestProperty("Accept", ACCEPT);
            int status = conn.getResponseCode();
            if (status != 200) {
                InputStream err = conn.getErrorStream();
                throw new IOException("HTTP " + status + ": " + (err == null ? "" : snippet(err)));
            }
            try (InputStream body = conn.getInputStream()) {
                checkContentType(Objects.requireNonNullElse(conn.getContentType(), ""));
                CarReader reader = new CarReader(body);
                try (CarPrefetch prefetch = new CarPrefetch(reader)) {
                    Received r = consumer.consume(prefetch);
                    return new FetchResult(gateway, r.fileBytes(), r.source().blocks(), r.source().bytes(),
                            Duration.ofNanos(System.nanoTime() - started));
                }
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("stalled: no data for " + timeout.toMillis() + " ms", e);
        } finally {
            conn.disconnect();
        }
    }

    private int timeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
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

    private static String snippet(InputStream body) throws IOException {
        byte[] head = body.readNBytes(300);
        return new String(head, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
    }
}
