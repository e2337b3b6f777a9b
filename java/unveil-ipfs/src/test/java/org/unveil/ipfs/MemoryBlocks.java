package org.unveil.ipfs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A hand-written in-memory block store for tests: stores whatever it is given, unverified, and counts reads. */
final class MemoryBlocks implements BlockSource, BlockSink {
    final Map<Cid, byte[]> blocks = new LinkedHashMap<>();
    final List<Cid> reads = new ArrayList<>();

    @Override
    public byte[] get(Cid cid) throws BlockNotFoundException {
        reads.add(cid);
        byte[] b = blocks.get(cid);
        if (b == null) {
            throw new BlockNotFoundException(cid);
        }
        return b.clone();
    }

    @Override
    public void put(Cid cid, byte[] block) {
        blocks.put(cid, block.clone());
    }

    /** Adds a block under its real sha2-256 CID and returns the CID. */
    Cid add(int codec, byte[] block) {
        Cid cid = Cid.sha256(codec, block);
        put(cid, block);
        return cid;
    }
}
