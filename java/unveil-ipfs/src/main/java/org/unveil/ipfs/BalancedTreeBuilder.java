package org.unveil.ipfs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the "balanced" UnixFS layout (IPIP-499; boxo {@code importer/balanced}, ipfs-unixfs-importer
 * {@code balanced.ts}) while the leaves stream in. Level {@code i} holds the pending children of a node whose
 * leaves are {@code i + 1} levels down; a level is sealed into a node as soon as it has {@code maxLinks} children.
 * That yields exactly the trees both reference builders make: every child of a node is a full subtree except the
 * last, and all leaves are at the same depth. Memory: at most {@code maxLinks} small entries per level.
 */
final class BalancedTreeBuilder {
    /** A built subtree: its CID, the file bytes below it, and its cumulative DAG size (dag-pb Tsize). */
    record Child(Cid cid, long fileSize, long dagSize) {
    }

    private final DagLayout layout;
    private final BlockSink sink;
    private final List<List<Child>> levels = new ArrayList<>();
    private long leafCount;

    BalancedTreeBuilder(DagLayout layout, BlockSink sink) {
        this.layout = layout;
        this.sink = sink;
    }

    void addLeaf(Child leaf) throws IOException {
        leafCount++;
        add(0, leaf);
    }

    /** Seals the pending levels bottom-up and returns the root. */
    Child finish() throws IOException {
        if (leafCount == 0) {
            throw new IllegalStateException("a file has at least one (possibly empty) leaf");
        }
        for (int level = 0; ; level++) {
            List<Child> pending = levels.get(level);
            boolean top = level == levels.size() - 1;
            if (top && pending.size() == 1 && (level > 0 || leafCount == 1)) {
                // A one-leaf file is the leaf itself; a sealed full subtree at the top is already the root.
                return pending.get(0);
            }
            if (top) {
                return seal(pending);
            }
            if (!pending.isEmpty()) {
                add(level + 1, seal(pending));
            }
        }
    }

    private void add(int level, Child child) throws IOException {
        if (level == levels.size()) {
            levels.add(new ArrayList<>(Math.min(layout.maxLinks(), 1024)));
        }
        List<Child> pending = levels.get(level);
        pending.add(child);
        if (pending.size() == layout.maxLinks()) {
            add(level + 1, seal(pending));
        }
    }

    /** Writes an interior File node over {@code children} and empties the list. */
    private Child seal(List<Child> children) throws IOException {
        long[] blockSizes = new long[children.size()];
        List<DagPb.Link> links = new ArrayList<>(children.size());
        long fileSize = 0;
        long dagSize = 0;
        for (int i = 0; i < children.size(); i++) {
            Child c = children.get(i);
            blockSizes[i] = c.fileSize();
            fileSize += c.fileSize();
            dagSize += c.dagSize();
            // Empty Name ("" not absent) is what kubo and Helia write for file links; it changes the hash.
            links.add(new DagPb.Link(c.cid(), "", c.dagSize()));
        }
        byte[] block = DagPb.encode(links, UnixFsData.encodeFile(null, blockSizes));
        Cid cid = layout.cidOf(Cid.DAG_PB, block);
        VerifiedPut.put(sink, cid, block);
        children.clear();
        return new Child(cid, fileSize, dagSize + block.length);
    }
}
