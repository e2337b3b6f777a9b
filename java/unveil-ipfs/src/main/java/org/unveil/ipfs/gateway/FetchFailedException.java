package org.unveil.ipfs.gateway;

import java.io.IOException;

/**
 * No gateway delivered a verified copy. Each gateway's own failure (HTTP error, timeout, a block
 * that did not match, a CAR out of order) is attached with {@link #addSuppressed}, and the
 * message lists them, so the user can see which gateways to drop.
 */
public final class FetchFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    FetchFailedException(String message) {
        super(message);
    }
}
