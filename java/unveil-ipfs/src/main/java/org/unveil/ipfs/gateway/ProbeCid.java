package org.unveil.ipfs.gateway;

import org.unveil.ipfs.Cid;

/**
 * The identity CID of the empty block, {@code bafkqaaa}: the spec's probe path, answered without
 * touching the store so clients can check "is this a trustless gateway?".
 */
final class ProbeCid {
    static final String TEXT = "bafkqaaa";

    private ProbeCid() {}

    static boolean is(Cid cid) {
        return cid.toString().equals(TEXT);
    }
}
