package org.unveil.ipfs;

import java.io.IOException;
import org.unveil.ipfs.internal.VerifiedBlockSource;

/**
 * Fetches blocks for DAG traversal and refuses anything the traversal must not trust: oversized blocks, hashes that
 * do not match, codecs UnixFS does not use. Identity CIDs are answered from the CID itself.
 */
final class BlockLoader {
    /** The largest block accepted anywhere (bitswap's limit); a 1 MiB chunk plus its framing fits easily. */
    static final int MAX_BLOCK_SIZE = 2 * 1024 * 1024;
    /**
     * Deepest DAG accepted. A balanced 1 TiB file is 3 levels deep; 64 leaves room for any honest layout
     * (even trickle DAGs) while bounding the recursion an attacker can force.
     */
    static final int MAX_DEPTH = 64;

    private final BlockSource source;
    private final boolean sourceVerifies;

    BlockLoader(BlockSource source) {
        this.source = source;
        // These sources already verify every block they return; hashing twice would cost throughput for nothing.
        this.sourceVerifies = source instanceof FsBlockStore || source instanceof VerifiedBlockSource;
    }

    byte[] load(Cid cid) throws IOException {
        checkCodec(cid);
        if (cid.isIdentity()) {
            return cid.digest();
        }
        byte[] block = source.get(cid);
        if (block.length > MAX_BLOCK_SIZE) {
            throw new InvalidBlockException("block " + cid + " is " + block.length + " bytes, over the " + MAX_BLOCK_SIZE + "-byte limit");
        }
        if (!sourceVerifies) {
            cid.verify(block);
        }
        return block;
    }

    /** The length {@link #load} would return, under the same rules, without reading the block where the source can tell. */
    long size(Cid cid) throws IOException {
        checkCodec(cid);
        if (cid.isIdentity()) {
            return cid.digest().length;
        }
        long size = source.size(cid);
        if (size > MAX_BLOCK_SIZE) {
            throw new InvalidBlockException("block " + cid + " is " + size + " bytes, over the " + MAX_BLOCK_SIZE + "-byte limit");
        }
        return size;
    }

    private static void checkCodec(Cid cid) throws InvalidBlockException {
        if (cid.codec() != Cid.RAW && cid.codec() != Cid.DAG_PB) {
            throw new InvalidBlockException("CID " + cid + " has codec 0x" + Integer.toHexString(cid.codec())
                    + "; UnixFS DAGs only contain raw (0x55) and dag-pb (0x70) blocks");
        }
    }
}
