package org.unveil.ipfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;

/**
 * Turns a byte stream into a UnixFS file DAG, writing every block to a {@link BlockSink} as soon as it is built.
 * Memory stays bounded whatever the file size: one chunk plus one partial node per tree level.
 * The bytes match kubo and Helia for the same {@link UnixFsProfile}, so the CIDs agree.
 */
public final class UnixFsImporter {
    private UnixFsImporter() {
    }

    /** Imports {@code in} (read to its end, not closed) and returns the root CID. */
    public static Cid importFile(InputStream in, UnixFsProfile profile, BlockSink sink) throws IOException {
        Objects.requireNonNull(profile, "UnixFS profile required");
        return importFile(in, profile.layout(), sink);
    }

    static Cid importFile(InputStream in, DagLayout layout, BlockSink sink) throws IOException {
        Objects.requireNonNull(in, "input stream required");
        Objects.requireNonNull(sink, "block sink required");
        try (WriteBehindSink stored = new WriteBehindSink(sink)) {
            BalancedTreeBuilder tree = new BalancedTreeBuilder(layout, stored);
            boolean first = true;
            while (true) {
                byte[] chunk = in.readNBytes(layout.chunkSize());
                // The fixed-size chunker emits one empty chunk for an empty file, and nothing after a full last chunk.
                if (chunk.length == 0 && !first) {
                    break;
                }
                first = false;
                tree.addLeaf(leaf(chunk, layout, stored));
                if (chunk.length < layout.chunkSize()) {
                    break;
                }
            }
            Cid root = tree.finish().cid();
            stored.finish();
            return root;
        }
    }

    private static BalancedTreeBuilder.Child leaf(byte[] chunk, DagLayout layout, BlockSink sink) throws IOException {
        if (layout.rawLeaves()) {
            Cid cid = Cid.sha256(Cid.RAW, chunk);
            VerifiedPut.put(sink, cid, chunk);
            return new BalancedTreeBuilder.Child(cid, chunk.length, chunk.length);
        }
        byte[] block = DagPb.encode(List.of(), UnixFsData.encodeFile(chunk, new long[0]));
        Cid cid = layout.cidOf(Cid.DAG_PB, block);
        VerifiedPut.put(sink, cid, block);
        return new BalancedTreeBuilder.Child(cid, chunk.length, block.length);
    }
}
