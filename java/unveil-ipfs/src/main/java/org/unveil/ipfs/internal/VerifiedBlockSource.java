package org.unveil.ipfs.internal;

import org.unveil.ipfs.BlockSource;

/**
 * Not API. A {@link BlockSource} that only ever returns blocks it has itself checked against their CID (the
 * verifying client's CAR stream), so DAG traversal need not hash them a second time. Implementing it on a source
 * that does not verify would let unverified bytes through: only this library's own classes may.
 */
public interface VerifiedBlockSource extends BlockSource {
}
