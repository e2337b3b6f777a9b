package org.unveil.ipfs;

import java.io.IOException;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Visits the blocks of a DAG in the order the trustless gateway spec defines for {@code order=dfs, dups=n}:
 * depth-first, pre-order, links in order, each block once, identity (inline) blocks never. The gateway streams a
 * CAR from this walk; the verifying client replays it to check that a received CAR holds exactly these blocks.
 *
 * <p>{@code ENTITY} on a UnixFS file, or any scope with a byte range, visits the file's blocks that hold bytes of
 * the range plus the nodes on the path to them; a range that is empty or outside the file yields the root alone
 * (the spec's fallback to {@code dag-scope=block}). Directories are entities of their own block (plus HAMT shard
 * nodes); the files they list are not included.
 */
public final class DagWalker {
    private final BlockLoader loader;
    private final BlockVisitor visitor;
    private final Set<Cid> visited = new HashSet<>();
    private final Set<Cid> ancestors = new HashSet<>();

    private DagWalker(BlockSource source, BlockVisitor visitor) {
        this.loader = new BlockLoader(Objects.requireNonNull(source, "block source required"));
        this.visitor = Objects.requireNonNull(visitor, "block visitor required");
    }

    /**
     * Walks the DAG under {@code root}.
     *
     * @param rangeOrNull an {@code entity-bytes} range, which implies {@code ENTITY}; null for none
     */
    public static void walk(Cid root, BlockSource src, DagScope scope, ByteRange rangeOrNull, BlockVisitor v)
            throws IOException {
        Objects.requireNonNull(root, "root CID required");
        Objects.requireNonNull(scope, "dag scope required");
        DagWalker walker = new DagWalker(src, v);
        if (rangeOrNull != null || scope == DagScope.ENTITY) {
            walker.entity(root, rangeOrNull);
        } else if (scope == DagScope.BLOCK) {
            walker.emit(root, walker.loader.load(root));
        } else {
            walker.all(root, 0);
        }
    }

    /**
     * The exact length of the CAR ({@link CarWriter}, roots {@code [root]}) holding the blocks a
     * {@code dag-scope=all} walk visits, reading only the blocks that have links (dag-pb): the
     * others are leaves, measured with {@link BlockSource#size}. A gateway sends it as
     * Content-Length, which spares it chunked encoding and tells clients how much is coming.
     */
    public static long carLength(Cid root, BlockSource src) throws IOException {
        Objects.requireNonNull(root, "root CID required");
        DagWalker walker = new DagWalker(src, (cid, block) -> { });
        return CarWriter.headerLength(java.util.List.of(root)) + walker.allLength(root, 0);
    }

    /** Mirrors {@link #all}: same blocks, same once-only rule, same limits. */
    private long allLength(Cid cid, int depth) throws IOException {
        if (!ancestors.contains(cid) && visited.contains(cid)) {
            return 0;
        }
        enter(cid, depth);
        long length = 0;
        if (cid.codec() == Cid.DAG_PB) {
            byte[] block = loader.load(cid);
            if (!cid.isIdentity() && visited.add(cid)) length += CarWriter.sectionLength(cid, block.length);
            for (DagPb.Link link : decode(cid, block).links()) {
                length += allLength(link.hash(), depth + 1);
            }
        } else if (!cid.isIdentity() && visited.add(cid)) {
            long size = loader.size(cid);
            length += CarWriter.sectionLength(cid, size);
        }
        ancestors.remove(cid);
        return length;
    }

    private void emit(Cid cid, byte[] block) throws IOException {
        if (!cid.isIdentity() && visited.add(cid)) {
            visitor.visit(cid, block);
        }
    }

    private void enter(Cid cid, int depth) throws InvalidBlockException {
        if (depth > BlockLoader.MAX_DEPTH) {
            throw new InvalidBlockException("DAG below " + cid + " is deeper than " + BlockLoader.MAX_DEPTH + " levels");
        }
        if (!ancestors.add(cid)) {
            throw new InvalidBlockException("DAG contains a cycle through " + cid);
        }
    }

    private void all(Cid cid, int depth) throws IOException {
        if (!ancestors.contains(cid) && visited.contains(cid)) {
            return;
        }
        enter(cid, depth);
        byte[] block = loader.load(cid);
        emit(cid, block);
        if (cid.codec() == Cid.DAG_PB) {
            for (DagPb.Link link : decode(cid, block).links()) {
                all(link.hash(), depth + 1);
            }
        }
        ancestors.remove(cid);
    }

    private void entity(Cid root, ByteRange range) throws IOException {
        byte[] block = loader.load(root);
        UnixFsData unixfs = root.codec() == Cid.DAG_PB ? unixfsOrNull(root, block) : null;
        if (root.codec() == Cid.RAW || (unixfs != null && unixfs.isFile())) {
            FileNode node = FileNode.decode(root, block);
            long[] bounds = range == null ? new long[] {0, node.fileSize()} : range.resolve(node.fileSize());
            if (bounds == null) {
                emit(root, block);
            } else {
                enter(root, 0);
                fileRange(node, block, bounds[0], bounds[1], 0);
            }
        } else if (unixfs != null && unixfs.type() == UnixFsData.HAMT_SHARD) {
            shard(root, block, unixfs, 0);
        } else {
            emit(root, block);
        }
    }

    /** Visits {@code node} and the children holding bytes {@code [from, to)} of it; node is already entered. */
    private void fileRange(FileNode node, byte[] block, long from, long to, int depth) throws IOException {
        emit(node.cid(), block);
        long pos = node.data().length;
        for (int i = 0; i < node.links().size() && pos < to; i++) {
            long size = node.blockSizes()[i];
            long childEnd = pos + size;
            if (childEnd > from && size > 0) {
                Cid childCid = node.links().get(i).hash();
                enter(childCid, depth + 1);
                byte[] childBlock = loader.load(childCid);
                FileNode child = FileNode.decode(childCid, childBlock);
                if (child.fileSize() != size) {
                    throw new InvalidBlockException("UnixFS file " + node.cid() + " says child " + childCid + " holds "
                            + size + " bytes but it holds " + child.fileSize());
                }
                fileRange(child, childBlock, Math.max(from, pos) - pos, Math.min(to, childEnd) - pos, depth + 1);
                ancestors.remove(childCid);
            }
            pos = childEnd;
        }
    }

    /** A HAMT directory's entity is its shard nodes: links named by the bucket prefix alone lead to sub-shards. */
    private void shard(Cid cid, byte[] block, UnixFsData unixfs, int depth) throws IOException {
        enter(cid, depth);
        emit(cid, block);
        long fanout = unixfs.fanout() == null ? 256 : unixfs.fanout();
        int prefixLength = Long.toHexString(Math.max(fanout - 1, 1)).length();
        for (DagPb.Link link : decode(cid, block).links()) {
            if (link.name() != null && link.name().length() == prefixLength && link.hash().codec() == Cid.DAG_PB) {
                byte[] child = loader.load(link.hash());
                UnixFsData childData = unixfsOrNull(link.hash(), child);
                if (childData != null && childData.type() == UnixFsData.HAMT_SHARD) {
                    shard(link.hash(), child, childData, depth + 1);
                }
            }
        }
        ancestors.remove(cid);
    }

    private static DagPb.Node decode(Cid cid, byte[] block) throws InvalidBlockException {
        try {
            return DagPb.decode(block);
        } catch (InvalidBlockException e) {
            throw new InvalidBlockException("dag-pb block " + cid + " is malformed: " + e.getMessage(), e);
        }
    }

    private static UnixFsData unixfsOrNull(Cid cid, byte[] block) throws InvalidBlockException {
        byte[] data = decode(cid, block).data();
        return data == null ? null : UnixFsData.decode(data, cid);
    }
}
