package org.unveil.keyholder.http;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The answer to {@code GET /v1/releases/{address}} (spec/keyholder-protocol.md section 8.5): the
 * release as last seen on chain, every action journalled for it, and one sentence on what the bot
 * will do next.
 */
public record ReleaseReport(String release, long chainId, String factory, int slot, int group, String state, Optional<String> archiveCid,
        List<Action> actions, String next) {
    /** One journalled action: its kind and status, and its nonce and transaction hash once it has them. */
    public record Action(String kind, String status, OptionalLong nonce, Optional<String> txHash) {
        public Action {
            Objects.requireNonNull(kind, "kind required");
            Objects.requireNonNull(status, "status required");
            Objects.requireNonNull(nonce, "nonce (or empty) required");
            Objects.requireNonNull(txHash, "transaction hash (or empty) required");
        }
    }

    public ReleaseReport {
        Objects.requireNonNull(release, "release required");
        Objects.requireNonNull(factory, "factory required");
        Objects.requireNonNull(state, "state required");
        Objects.requireNonNull(archiveCid, "archive CID (or empty) required");
        actions = List.copyOf(actions);
        Objects.requireNonNull(next, "next required");
    }
}
