package org.unveil.archive.keys;

import java.security.GeneralSecurityException;

/**
 * A key, share or ciphertext could not be used: wrong key, tampered or truncated data, a
 * context that does not match, or a wallet that refused or misbehaved. The message names the
 * offending value and, where there is one, what to do about it.
 */
public class KeyException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    public KeyException(String message) {
        super(message);
    }

    public KeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
