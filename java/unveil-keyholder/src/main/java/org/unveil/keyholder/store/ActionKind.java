package org.unveil.keyholder.store;

/** What a journaled action does on chain; each is done at most once per release and slot. */
public enum ActionKind {
    ENROL, PUBLISH_SHARE, CLAIM_DEPOSIT, CLAIM_FEE, SETTLE
}
