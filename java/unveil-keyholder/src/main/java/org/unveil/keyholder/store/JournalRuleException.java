package org.unveil.keyholder.store;

/**
 * A step the action journal refuses because it would break one of its rules (spec/keyholder-daemon.md
 * section 3): a status moving backwards, a broadcast of bytes never journaled, a transaction signed
 * for another nonce or account, a fee bump that does not raise the fees. Nothing was written. It is
 * the caller's bug or a second writer, never a transient failure: retrying the same call fails again.
 */
public final class JournalRuleException extends StoreException {
    private static final long serialVersionUID = 1L;

    public JournalRuleException(String message) {
        super(message);
    }
}
