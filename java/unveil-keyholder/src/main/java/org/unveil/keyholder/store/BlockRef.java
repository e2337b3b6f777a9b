package org.unveil.keyholder.store;

/** A block by number and hash: the hash is what tells a reorg from a block seen before. */
public record BlockRef(long number, String hash) {
    public BlockRef {
        if (number < 0) throw new IllegalArgumentException("block number must be >= 0, got " + number);
        hash = Hex.hash(hash, "block hash");
    }
}
