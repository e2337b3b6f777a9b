package org.unveil.keyholder.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A journaled action: what the bot decided to do, from which account, with the nonce it took and
 * every transaction signed for it (oldest first). {@code reason} says why it was done by others or failed.
 */
public record Action(long id, ActionKey key, String account, ActionStatus status, OptionalLong nonce, List<Attempt> attempts,
                     Optional<String> confirmedTxHash, Optional<String> reason, Instant createdAt, Instant updatedAt) {
    public Action {
        attempts = List.copyOf(attempts);
    }

    /** The attempt to (re-)send: the last one signed, with the highest fees. Empty while INTENDED. */
    public Optional<Attempt> latest() {
        return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.get(attempts.size() - 1));
    }
}
