package org.unveil.keyholder.store;

import java.time.Instant;
import org.unveil.eth.ReleaseState;

/** A release the bot holds a slot of, with its state as the bot last saw it on chain. */
public record HeldRelease(long chainId, String address, String factory, int slot, ReleaseState state, Instant createdAt, Instant updatedAt) {
}
