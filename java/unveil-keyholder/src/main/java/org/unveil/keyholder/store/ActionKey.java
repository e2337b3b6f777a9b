package org.unveil.keyholder.store;

/**
 * The idempotency key of an action: one action per (chain, release, kind, slot, round), ever.
 * Deciding the same thing twice, after a crash or from a repeated log, finds the action already
 * journaled. The round is 0 unless an earlier round's transaction was mined and reverted (a race
 * lost to another block): only then does the engine try again, in the next round, and only while
 * the chain shows the step still undone, which is what keeps it from ever being done twice.
 */
public record ActionKey(long chainId, String release, ActionKind kind, int slot, int round) {
    /** The most rounds of one step: a step that keeps reverting is given up, not paid for forever. */
    public static final int MAX_ROUNDS = 3;

    public ActionKey {
        if (chainId < 1) throw new IllegalArgumentException("chain id must be >= 1, got " + chainId);
        release = Hex.address(release, "release address");
        if (kind == null) throw new IllegalArgumentException("an action needs a kind");
        if (slot < 0 || slot > 31) throw new IllegalArgumentException("slot must be 0..31, got " + slot);
        if (round < 0 || round >= MAX_ROUNDS) throw new IllegalArgumentException("round must be 0.." + (MAX_ROUNDS - 1) + ", got " + round);
    }

    /** The first round's key. */
    public ActionKey(long chainId, String release, ActionKind kind, int slot) {
        this(chainId, release, kind, slot, 0);
    }

    /** The key of the next round of the same step. */
    public ActionKey next() {
        return new ActionKey(chainId, release, kind, slot, round + 1);
    }

    @Override
    public String toString() {
        return chainId + ":" + release + ":" + kind + ":" + slot + (round == 0 ? "" : "#" + round);
    }
}
