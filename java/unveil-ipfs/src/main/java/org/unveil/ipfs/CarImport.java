package org.unveil.ipfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** Copies the verified blocks of a single-root CAR into a {@link BlockSink}. */
public final class CarImport {
    private CarImport() {
    }

    /**
     * Imports every block and returns the root; {@code in} is read to its end and not closed. Does not check that the DAG is complete: pin the root in an
     * {@link FsBlockStore} for that, which walks the DAG and fails on the first missing block.
     *
     * @throws CarFormatException if the CAR is malformed, has other than one root, or lacks the root block
     */
    public static Cid importCar(InputStream in, BlockSink sink) throws IOException {
        Objects.requireNonNull(sink, "block sink required");
        CarReader reader = new CarReader(in);
        if (reader.roots().size() != 1) {
            throw new CarFormatException("CAR has " + reader.roots().size() + " roots; Unveil imports single-root CARs");
        }
        Cid root = reader.roots().get(0);
        boolean sawRoot = root.isIdentity();
        for (Block block = reader.next(); block != null; block = reader.next()) {
            VerifiedPut.put(sink, block.cid(), block.data());
            sawRoot |= block.cid().equals(root);
        }
        if (!sawRoot) {
            throw new CarFormatException("CAR does not contain its root block " + root);
        }
        return root;
    }
}
