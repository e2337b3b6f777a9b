package org.unveil.eth;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A release as a client sees it: the contract's current figures and slots, plus what only the
 * logs hold: every published release key (slot to k) and the secret if the artist published it.
 */
public record ReleaseStatus(String address, ReleaseSummary summary, ReleaseParams params, List<Slot> slots,
        Map<Integer, BigInteger> publishedKeys, Optional<BigInteger> secret, List<ReleaseEvent> events) {
    public ReleaseStatus {
        slots = List.copyOf(slots);
        publishedKeys = Map.copyOf(publishedKeys);
        events = List.copyOf(events);
    }
}
