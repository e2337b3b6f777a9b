package org.unveil.keyholder.http;

import java.io.IOException;
import java.util.Optional;
import org.unveil.eth.hiring.HiringMessageException;

/**
 * What the HTTP layer asks of the daemon's engine (spec/keyholder-protocol.md sections 8.4 to 8.6):
 * the engine enrols, publishes and claims; {@link KeyholderServer} only carries its answers. Every
 * answer is public (addresses, states, transaction hashes): none may hold a key, share or password.
 */
public interface ReleaseDesk {
    /**
     * {@code POST /v1/commit}: checks the created release against the accepted offer and journals
     * (or returns, if already journalled) the enrolment; without an uploaded archive, first fetches
     * the one the release records from {@code gateways} (section 8.4).
     *
     * @param release the release address, 0x and 40 lowercase hex digits
     * @param gateways trustless gateways the artist names, possibly none
     * @throws HiringMessageException {@code not-ready}, {@code not-found} or {@code refused}, as section 8.4 says
     * @throws IOException the store or the chain failed
     */
    CommitAnswer commit(String release, java.util.List<java.net.URI> gateways) throws HiringMessageException, IOException;

    /** {@code GET /v1/releases/{address}}: the release as the bot knows it, or empty if it holds no offer or slot of it. */
    Optional<ReleaseReport> report(String release) throws IOException;

    /** {@code GET /healthz}: whether the engine still reads the chain. */
    Health health();

    /** Appends the engine's own metrics in Prometheus text format 0.0.4, each name prefixed {@code unveil_keyholder_}. */
    void writeMetrics(Appendable out) throws IOException;
}
