package org.unveil.keyholder.http;

import java.util.Objects;

/**
 * The answer to {@code POST /v1/commit} (spec/keyholder-protocol.md section 8.4): the enrolment the
 * bot journalled for the release's slot, its journal status, and its transaction hash (null before
 * it was signed).
 */
public record CommitAnswer(String release, int slot, String action, String status, String txHash) {
    public CommitAnswer {
        Objects.requireNonNull(release, "release required");
        Objects.requireNonNull(action, "action kind required");
        Objects.requireNonNull(status, "status required");
    }
}
