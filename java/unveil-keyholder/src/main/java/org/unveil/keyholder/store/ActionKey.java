package org.unveil.keyholder.store;

/**
 * The idempotency key of an action: one action per (chain, release, kind, slot), ever. Deciding the
 * same thing twice, after a crash or from a repeated log, finds the action already journaled.
 */
public record ActionKey(long chainId, String release, ActionKind kind, int slot) {
    public ActionKey {
        if (chainId < 1) throw new IllegalArgumentException("chain id must be >= 1, got " + chainId);
        release = Hex.address(release, "release address");
        if (kind == null) throw new IllegalArgumentException("an action needs a kind");
        if (slot < 0 || slot > 31) throw new IllegalArgumentException("slot must be 0..31, got " + slot);
    }

    @Override
    public String toString() {
        return chainId + ":" + release + ":" + kind + ":" + slot;
    }
}
