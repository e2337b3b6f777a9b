package org.unveil.ipfs;

/**
 * The parameters the balanced builder needs. Besides the public profiles this can describe IPIP-499's
 * {@code unixfs-v0-2015} (dag-pb leaves, CIDv0), which Unveil never produces but uses in tests because its public
 * fixtures exercise the 174-link layout byte for byte.
 */
record DagLayout(int chunkSize, int maxLinks, boolean rawLeaves) {
    static final DagLayout UNIXFS_V0_2015 = new DagLayout(256 * 1024, 174, false);

    DagLayout {
        if (chunkSize < 1 || chunkSize > BlockLoader.MAX_BLOCK_SIZE / 2 || maxLinks < 2) {
            throw new IllegalArgumentException("chunk size " + chunkSize + " / max links " + maxLinks + " out of range");
        }
    }

    Cid cidOf(int codec, byte[] block) {
        return rawLeaves ? Cid.sha256(codec, block) : Cid.sha256V0(block);
    }
}
