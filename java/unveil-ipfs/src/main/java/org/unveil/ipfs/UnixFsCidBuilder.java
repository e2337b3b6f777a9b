package org.unveil.ipfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The CID {@link UnixFsImporter} would give a file, computed from its bytes as they go by and
 * storing no block: for a writer that produces a file and wants its IPFS address without reading
 * it back ({@code unveil pack}). Keeps one chunk and one CID per chunk; a chunk whose bytes were
 * rewritten after they went by can be hashed again with {@link #rehashChunk} before
 * {@link #finish}, which builds the same balanced tree as the importer.
 */
public final class UnixFsCidBuilder {
    private final UnixFsProfile profile;
    private final byte[] chunk;
    private final List<Cid> leaves = new ArrayList<>();
    private final MessageDigest sha256;
    private int filled;
    private long size;

    public UnixFsCidBuilder(UnixFsProfile profile) {
        this.profile = Objects.requireNonNull(profile, "UnixFS profile required");
        this.chunk = new byte[profile.chunkSize()];
        this.sha256 = newSha256();
    }

    /** The next {@code len} bytes of the file. */
    public void update(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        size += len;
        while (len > 0) {
            if (filled == 0 && len >= chunk.length) { // a whole chunk in place: no copy
                leaves.add(leaf(b, off, chunk.length));
                off += chunk.length;
                len -= chunk.length;
                continue;
            }
            int n = Math.min(len, chunk.length - filled);
            System.arraycopy(b, off, chunk, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == chunk.length) {
                leaves.add(leaf(chunk, 0, filled));
                filled = 0;
            }
        }
    }

    /** Bytes per chunk: chunk {@code i} holds file bytes {@code [i * chunkSize, (i + 1) * chunkSize)}. */
    public int chunkSize() {
        return chunk.length;
    }

    /** Replaces chunk {@code index} (one that has gone by, possibly the last partial one) with {@code bytes}, its new content of the same length. */
    public void rehashChunk(long index, byte[] bytes) {
        boolean open = index == leaves.size() && filled > 0;
        if (index < 0 || index > leaves.size() || (index == leaves.size() && !open)) {
            throw new IllegalArgumentException("chunk " + index + " has not gone by (" + leaves.size() + " complete chunks, " + filled + " bytes after them)");
        }
        long expected = Math.min(chunk.length, size - index * chunk.length);
        if (bytes.length != expected) {
            throw new IllegalArgumentException("chunk " + index + " holds " + expected + " bytes, not " + bytes.length);
        }
        if (open) {
            System.arraycopy(bytes, 0, chunk, 0, filled);
        } else {
            leaves.set((int) index, leaf(bytes, 0, bytes.length));
        }
    }

    /** The file's CID, exactly as {@link UnixFsImporter#importFile} computes it for the same bytes and profile. */
    public Cid finish() {
        if (filled > 0 || leaves.isEmpty()) { // the chunker's last partial chunk, or the one empty chunk of an empty file
            leaves.add(leaf(chunk, 0, filled));
            filled = 0;
        }
        BalancedTreeBuilder tree = new BalancedTreeBuilder(profile.layout(), (cid, block) -> { });
        try {
            for (int i = 0; i < leaves.size(); i++) {
                long leafSize = Math.min(chunk.length, size - (long) i * chunk.length);
                tree.addLeaf(new BalancedTreeBuilder.Child(leaves.get(i), leafSize, leafSize));
            }
            return tree.finish().cid();
        } catch (IOException impossible) {
            throw new UncheckedIOException("the tree builder wrote to a sink that discards", impossible);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    private Cid leaf(byte[] b, int off, int len) {
        sha256.update(b, off, len);
        return Cid.of(Cid.RAW, sha256.digest());
    }
}
