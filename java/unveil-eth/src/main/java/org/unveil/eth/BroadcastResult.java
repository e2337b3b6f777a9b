package org.unveil.eth;

/**
 * What a node said to signed transaction bytes ({@link Chain#broadcast}). A caller that re-sends the
 * bytes it stored (after a crash, or on every poll until mined) needs to tell "taken" from "this
 * nonce is already used" without parsing node-specific messages itself.
 */
public enum BroadcastResult {
    /** The node took the transaction into its pool, now or before ("already known"). */
    ACCEPTED,
    /** A transaction with this nonce from this account is already mined: this one, a replacement, or another. */
    NONCE_USED,
    /** Another transaction on this nonce is pending with fees this one does not beat by enough. */
    UNDERPRICED
}
