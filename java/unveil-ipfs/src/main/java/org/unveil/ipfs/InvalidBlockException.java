package org.unveil.ipfs;

import java.io.IOException;

/**
 * A block or DAG is not what its CID promises: hash mismatch, oversized block, malformed dag-pb or UnixFS,
 * unknown codec, inconsistent sizes, cycle or excessive depth. Retrying against the same source will not help;
 * fetch the block from another source or re-import the content.
 */
public class InvalidBlockException extends IOException {
    private static final long serialVersionUID = 1L;

    public InvalidBlockException(String message) {
        super(message);
    }

    public InvalidBlockException(String message, Throwable cause) {
        super(message, cause);
    }
}
