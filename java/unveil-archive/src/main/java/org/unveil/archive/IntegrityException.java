package org.unveil.archive;

import java.io.IOException;

/**
 * The archive is well formed but its content does not match what the manifest commits to: a
 * fragment or file hash differs, or an encrypted fragment fails authentication. The archive was
 * corrupted or tampered with; nothing read from it may be trusted.
 */
public class IntegrityException extends IOException {
    private static final long serialVersionUID = 1L;

    public IntegrityException(String message) {
        super(message);
    }

    public IntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
