package org.unveil.ipfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
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
            Cid root = importTree(in, layout, stored).cid();
            stored.finish();
            return root;
        }
    }

    /**
     * Imports every regular file and directory under {@code dir} as a UnixFS directory DAG and returns the root CID:
     * the CID Helia ({@code ipfs-unixfs-importer} 17) and kubo compute for the same tree and profile, as long as no
     * directory is big enough for them to shard it (then this refuses, see {@link DirectoryImporter}). Hidden entries
     * (names starting with '.') are included.
     *
     * @throws java.nio.file.FileSystemException naming the path of a symbolic link, device, socket or pipe, or of a
     *         name that is not valid UTF-8 or a directory too large to store unsharded
     */
    public static Cid importDirectory(Path dir, UnixFsProfile profile, BlockSink sink) throws IOException {
        return importDirectory(dir, profile, sink, true, (path, cid, size) -> { });
    }

    /**
     * As {@link #importDirectory(Path, UnixFsProfile, BlockSink)}, skipping hidden entries (names starting with '.')
     * unless {@code includeHidden}, as {@code ipfs add -r} does, and telling {@code listener} about each entry
     * stored: files in name order, each directory after its contents, the root last with path "".
     */
    public static Cid importDirectory(Path dir, UnixFsProfile profile, BlockSink sink, boolean includeHidden,
                                      ImportListener listener) throws IOException {
        Objects.requireNonNull(dir, "directory required");
        Objects.requireNonNull(profile, "UnixFS profile required");
        Objects.requireNonNull(sink, "block sink required");
        Objects.requireNonNull(listener, "import listener required");
        try (WriteBehindSink stored = new WriteBehindSink(sink)) {
            Cid root = new DirectoryImporter(profile, stored, includeHidden, listener).importRoot(dir);
            stored.finish();
            return root;
        }
    }

    /** Builds one file's DAG into {@code stored}, a sink that takes blocks straight from the importer. */
    static BalancedTreeBuilder.Child importTree(InputStream in, DagLayout layout, BlockSink stored) throws IOException {
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
        return tree.finish();
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
