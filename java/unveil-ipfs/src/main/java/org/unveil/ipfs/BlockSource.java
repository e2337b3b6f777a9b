package org.unveil.ipfs;

import java.io.IOException;

/** Somewhere blocks can be read from by CID (a blockstore, a CAR in memory, a remote gateway). */
public interface BlockSource {
    /**
     * Returns the block's bytes.
     *
     * @throws BlockNotFoundException if the source does not hold the block
     */
    byte[] get(Cid cid) throws IOException;
}
