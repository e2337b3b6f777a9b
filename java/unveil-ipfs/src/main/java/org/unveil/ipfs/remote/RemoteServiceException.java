package org.unveil.ipfs.remote;

import java.io.IOException;

/**
 * A remote IPFS service (kubo RPC, pinning service) refused a request or answered with
 * something that does not follow its API. Carries the HTTP status so callers can tell an
 * authentication problem (401/403) from a missing object (404) or a server fault (5xx).
 */
public final class RemoteServiceException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    RemoteServiceException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status code, or 0 when the response was malformed rather than an error. */
    public int status() {
        return status;
    }
}
