package org.unveil.ipfs;

import java.io.IOException;

/** Receives the blocks of a DAG walk, in walk order. */
@FunctionalInterface
public interface BlockVisitor {
    void visit(Cid cid, byte[] block) throws IOException;
}
