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

    /**
     * The block's length in bytes. Stores that can tell without reading the block override this
     * (a gateway sizes a whole CAR from it before sending any).
     *
     * @throws BlockNotFoundException if the source does not hold the block
     */
    default long size(Cid cid) throws IOException {
        return get(cid).length;
    }
}
