package org.unveil.keyholder.store;

import java.security.GeneralSecurityException;

/**
 * Signs the action's transaction for the nonce the journal allocated, returning the raw EIP-1559
 * bytes. Called inside the journal's transaction, so the nonce is taken and the bytes are written
 * together or not at all; it must only sign, never send.
 */
@FunctionalInterface
public interface TransactionSigner {
    byte[] sign(long nonce) throws GeneralSecurityException;
}
