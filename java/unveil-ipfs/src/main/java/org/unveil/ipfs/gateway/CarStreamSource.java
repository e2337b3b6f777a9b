package org.unveil.ipfs.gateway;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.unveil.ipfs.Block;
import org.unveil.ipfs.CarFormatException;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.InvalidBlockException;
import org.unveil.ipfs.internal.VerifiedBlockSource;

/**
 * A {@link BlockSource} fed by a CAR stream in {@code order=dfs, dups=n}: a block asked for the first
 * time must be the next one in the stream, so a gateway can send neither extra, missing nor
 * reordered blocks. The reader has already checked the hash, so traversal does not hash again. Blocks go to {@code cache} as they
 * arrive, and repeats (a file with identical chunks) are read back from it: memory stays at one
 * block plus the CIDs seen, whatever the file size.
 */
final class CarStreamSource implements VerifiedBlockSource {
    private final CarPrefetch car;
    private final BlockCache cache;
    private final Set<Cid> seen = new HashSet<>();
    private long blocks;
    private long bytes;

    CarStreamSource(CarPrefetch car, BlockCache cache) {
        this.car = car;
        this.cache = cache;
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        if (seen.contains(cid)) {
            // The cache is a local file; checking what comes back keeps the "every byte verified" promise honest.
            byte[] repeat = cache.get(cid);
            cid.verify(repeat);
            return repeat;
        }
        Block next = car.next();
        if (next == null) {
            throw new CarFormatException("CAR ended after " + blocks + " blocks, before block " + cid + " the DAG needs");
        }
        if (!next.cid().equals(cid)) {
            throw new InvalidBlockException("CAR block " + (blocks + 1) + " is " + next.cid() + " but the DAG walk expects "
                    + cid + " here (order=dfs); the gateway sent an unrelated or reordered block");
        }
        cache.put(cid, next.data());
        seen.add(cid);
        blocks++;
        bytes += next.data().length;
        return next.data();
    }

    /** After the walk: a verified stream has nothing left. */
    void requireExhausted() throws IOException {
        Block extra = car.next();
        if (extra != null) {
            throw new InvalidBlockException("CAR carries block " + extra.cid() + " after the " + blocks
                    + " blocks of the DAG; refusing a stream with unrequested data");
        }
    }

    long blocks() {
        return blocks;
    }

    long bytes() {
        return bytes;
    }
}
