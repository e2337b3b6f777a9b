package org.unveil.ipfs;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a UnixFS file back out of its DAG, verifying every block and every size claim on the way, and fetching
 * only the blocks a byte range needs. Refuses cycles, DAGs deeper than 64 levels, blocks over 2 MiB, codecs other
 * than raw and dag-pb, and blocksizes that disagree with the children they describe.
 */
public final class UnixFsExporter {
    private final BlockLoader loader;
    private final OutputStream out;
    private final Set<Cid> ancestors = new HashSet<>();

    private UnixFsExporter(BlockSource source, OutputStream out) {
        this.loader = new BlockLoader(Objects.requireNonNull(source, "block source required"));
        this.out = Objects.requireNonNull(out, "output stream required");
    }

    /** Writes the whole file. */
    public static void export(Cid root, BlockSource src, OutputStream out) throws IOException {
        export(root, src, out, 0, Long.MAX_VALUE);
    }

    /**
     * Writes up to {@code length} bytes starting at {@code offset}, clamped to the end of the file (nothing if
     * {@code offset} is at or past it).
     */
    public static void export(Cid root, BlockSource src, OutputStream out, long offset, long length) throws IOException {
        Objects.requireNonNull(root, "root CID required");
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset " + offset + " and length " + length + " must not be negative");
        }
        UnixFsExporter exporter = new UnixFsExporter(src, out);
        FileNode node = exporter.node(root, 0);
        long end = length > node.fileSize() - offset ? node.fileSize() : offset + length;
        if (offset < end) {
            exporter.write(node, offset, end, 0);
        }
    }

    /** The file's size in bytes, from its root block alone. */
    public static long size(Cid root, BlockSource src) throws IOException {
        return new UnixFsExporter(src, OutputStream.nullOutputStream()).node(root, 0).fileSize();
    }

    private FileNode node(Cid cid, int depth) throws IOException {
        if (depth > BlockLoader.MAX_DEPTH) {
            throw new InvalidBlockException("DAG below " + cid + " is deeper than " + BlockLoader.MAX_DEPTH + " levels");
        }
        return FileNode.decode(cid, loader.load(cid));
    }

    /** Writes bytes {@code [from, to)} of the subtree {@code node}, relative to its own start. */
    private void write(FileNode node, long from, long to, int depth) throws IOException {
        if (!ancestors.add(node.cid())) {
            throw new InvalidBlockException("DAG contains a cycle through " + node.cid());
        }
        long pos = 0;
        long dataEnd = node.data().length;
        if (from < dataEnd) {
            out.write(node.data(), (int) from, (int) (Math.min(to, dataEnd) - from));
        }
        pos = dataEnd;
        for (int i = 0; i < node.links().size() && pos < to; i++) {
            long size = node.blockSizes()[i];
            long childEnd = pos + size;
            if (childEnd > from && size > 0) {
                Cid childCid = node.links().get(i).hash();
                FileNode child = node(childCid, depth + 1);
                if (child.fileSize() != size) {
                    throw new InvalidBlockException("UnixFS file " + node.cid() + " says child " + childCid + " holds "
                            + size + " bytes but it holds " + child.fileSize());
                }
                write(child, Math.max(from, pos) - pos, Math.min(to, childEnd) - pos, depth + 1);
            }
            pos = childEnd;
        }
        ancestors.remove(node.cid());
    }
}
