package org.unveil.keyholder.store;

/**
 * What a journaled action does on chain; each is done at most once per release and slot. The
 * keyholder's own steps ({@code ENROL}, {@code PUBLISH_SHARE}, {@code CLAIM_DEPOSIT}, which pays the
 * deposit, the fee and the reputation together) and the permissionless time-driven steps it performs
 * as a keeper of the releases it holds ({@code DRAW_SAMPLES}, {@code CANCEL}, {@code EXPIRE},
 * {@code SETTLE}).
 */
public enum ActionKind {
    ENROL, PUBLISH_SHARE, CLAIM_DEPOSIT, DRAW_SAMPLES, CANCEL, EXPIRE, SETTLE
}
