package org.unveil.ipfs;

import java.io.IOException;
import java.util.Objects;

/** A {@link BlockSource} does not hold the requested block. */
public final class BlockNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Cid cid;

    public BlockNotFoundException(Cid cid) {
        super("block " + Objects.requireNonNull(cid, "CID required") + " not found; fetch it (e.g. import its CAR) first");
        this.cid = cid;
    }

    /** The missing block's CID. */
    public Cid cid() {
        return cid;
    }
}
