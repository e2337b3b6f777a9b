package org.unveil.ipfs;

import java.util.Objects;

/** A block and its CID, as read from a CAR. */
public record Block(Cid cid, byte[] data) {
    public Block {
        Objects.requireNonNull(cid, "CID required");
        Objects.requireNonNull(data, "block data required");
    }
}
