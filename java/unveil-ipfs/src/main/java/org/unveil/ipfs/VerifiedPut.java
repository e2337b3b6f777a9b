package org.unveil.ipfs;

import java.io.IOException;

/**
 * Hands a block whose hash the caller has just computed (the importer) or checked (the CAR reader) to a sink,
 * skipping the sink's own re-hash when the sink is this package's {@link FsBlockStore}: hashing a gigabyte twice
 * on the way in buys nothing, and every later read from the store verifies again anyway.
 */
final class VerifiedPut {
    private VerifiedPut() {
    }

    static void put(BlockSink sink, Cid cid, byte[] block) throws IOException {
        if (sink instanceof FsBlockStore store) {
            store.putVerified(cid, block);
        } else {
            sink.put(cid, block);
        }
    }
}
