package org.unveil.keyholder.store;

import java.time.Instant;
import java.util.Optional;
import org.unveil.eth.ReleaseState;

/**
 * A release the bot holds a slot of, with its state as the bot last saw it on chain and, in one
 * sentence for people, what the engine last decided to do next.
 */
public record HeldRelease(long chainId, String address, String factory, int slot, ReleaseState state, Instant createdAt, Instant updatedAt,
        Optional<String> next) {
}
