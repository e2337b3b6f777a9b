package org.unveil.eth;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A release as a client sees it: the contract's current figures and slots, plus what only the
 * logs hold: every published share (slot to x_i), the release secret once it is on chain
 * (recombined by the contract from a group's shares, or published by the artist) and the groups
 * whose shares did not recombine to it. Decrypting needs nothing but {@link #secret()}.
 */
public record ReleaseStatus(String address, ReleaseSummary summary, ReleaseParams params, List<Slot> slots,
        Map<Integer, BigInteger> publishedShares, Optional<BigInteger> secret, List<Integer> invalidGroups,
        List<ReleaseEvent> events) {
    public ReleaseStatus {
        slots = List.copyOf(slots);
        publishedShares = Map.copyOf(publishedShares);
        invalidGroups = List.copyOf(invalidGroups);
        events = List.copyOf(events);
    }

    /** Whether the contract itself recombined the secret (rather than the artist publishing it). */
    public boolean secretRecovered() {
        return events.stream().anyMatch(e -> e instanceof ReleaseEvent.SecretRecovered);
    }
}
