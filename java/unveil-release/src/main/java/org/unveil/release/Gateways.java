package org.unveil.release;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.gateway.FetchProgress;
import org.unveil.ipfs.gateway.FetchResult;
import org.unveil.ipfs.gateway.GatewayFetcher;

/**
 * Where a role fetches a release's archive by its CID: trustless gateways, none of them trusted
 * ({@link GatewayFetcher} verifies every block against the CID the contract records), tried in order.
 *
 * @param uris gateway base URLs, e.g. {@code http://127.0.0.1:8080}
 * @param timeout connect and first-byte limit per gateway, and the longest silence mid-download
 */
public record Gateways(List<URI> uris, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public Gateways {
        uris = List.copyOf(Objects.requireNonNull(uris, "gateway URLs required"));
        Objects.requireNonNull(timeout, "timeout required");
        if (uris.isEmpty()) throw new IllegalArgumentException("give at least one gateway URL");
    }

    /** Gateways from their URLs as text, with the default timeout. */
    public static Gateways of(List<String> urls) {
        return new Gateways(urls.stream().map(URI::create).toList(), DEFAULT_TIMEOUT);
    }

    /**
     * Fetches {@code cid} into a new temporary directory; closing the result deletes it. The file
     * exists only once every block verified.
     */
    public FetchedArchive fetch(Cid cid) throws IOException {
        Path dir = Files.createTempDirectory("unveil-archive-");
        Path file = dir.resolve(cid + ".tar");
        try {
            FetchResult r = new GatewayFetcher(uris, timeout).fetch(cid, file, FetchProgress.NONE);
            return new FetchedArchive(file, java.util.Optional.of(r.gateway()));
        } catch (IOException | RuntimeException e) {
            FetchedArchive.delete(dir);
            throw e;
        }
    }
}
