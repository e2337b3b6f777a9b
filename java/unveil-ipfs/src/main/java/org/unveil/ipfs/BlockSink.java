package org.unveil.ipfs;

import java.io.IOException;

/** Somewhere blocks can be written to. Implementations may verify that {@code block} hashes to {@code cid}. */
public interface BlockSink {
    void put(Cid cid, byte[] block) throws IOException;
}
