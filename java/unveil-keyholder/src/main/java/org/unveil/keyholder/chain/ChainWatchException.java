package org.unveil.keyholder.chain;

import java.io.IOException;

/**
 * A poll failed because of the node: it kept failing after every retry, refused a request outright
 * (a wrong URL, a missing API key, a method it does not serve), or caps eth_getLogs below a single
 * block. The message names the node (scheme, host and port only, so an API key in the URL is not
 * logged), the request and what the node did. Nothing of the failed poll was committed: the cursor
 * and the seen logs are as before, and the next poll reads the same range again.
 */
public final class ChainWatchException extends IOException {
    private static final long serialVersionUID = 1L;

    public ChainWatchException(String message) {
        super(message);
    }

    public ChainWatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
