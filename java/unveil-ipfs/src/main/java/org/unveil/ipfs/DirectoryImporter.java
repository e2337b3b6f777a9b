package org.unveil.ipfs;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Walks a directory tree into flat UnixFS directory nodes, as ipfs-unixfs-importer 17 ({@code DirFlat}) and boxo
 * write them: links sorted by name bytes, {@code Name} the entry name, {@code Tsize} the child's cumulative size,
 * {@code Data = {Type: Directory}} with no mode or mtime.
 *
 * <p>Helia shards (HAMT) a directory once its estimated node size exceeds 256 KiB, counting only the entries that
 * already have a CID when they are added (files and empty directories; a subdirectory with contents is counted as
 * 0); with {@code unixfs-v1-2025} the estimate is the exact serialized size ("block-bytes"), otherwise the sum of
 * name and CID lengths ("links-bytes"). HAMT is not implemented here: such a directory (thousands of entries) is
 * refused rather than given a CID nobody else computes. So is any flat node over the 2 MiB block limit.
 */
final class DirectoryImporter {
    static final int SHARD_SPLIT_THRESHOLD_BYTES = 262_144;
    static final int MAX_DEPTH = 32;
    private static final byte[] DIRECTORY_DATA = {1 << 3, UnixFsData.DIRECTORY};
    private static final Comparator<Entry> BY_NAME_BYTES = (a, b) -> Arrays.compareUnsigned(a.nameBytes, b.nameBytes);

    private record Entry(Path path, String name, byte[] nameBytes, boolean directory) {
    }

    private record Built(Cid cid, long dagSize, boolean hasCidWhenAdded) {
    }

    private final UnixFsProfile profile;
    private final DagLayout layout;
    private final BlockSink stored;
    private final boolean includeHidden;
    private final ImportListener listener;

    DirectoryImporter(UnixFsProfile profile, BlockSink stored, boolean includeHidden, ImportListener listener) {
        this.profile = profile;
        this.layout = profile.layout();
        this.stored = stored;
        this.includeHidden = includeHidden;
        this.listener = listener;
    }

    Cid importRoot(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir.toString());
        }
        return directory(dir, "", 0).cid();
    }

    private Built directory(Path dir, String relative, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new FileSystemException(dir.toString(), null, "is nested more than " + MAX_DEPTH
                    + " directories deep; UnixFS readers limit DAG depth, flatten the tree");
        }
        List<DagPb.Link> links = new ArrayList<>();
        long heliaEstimate = 0;
        long dagSize = 0;
        for (Entry e : entries(dir)) {
            String path = relative.isEmpty() ? e.name() : relative + "/" + e.name();
            Built child = e.directory() ? directory(e.path(), path, depth + 1) : file(e.path(), path);
            links.add(new DagPb.Link(child.cid(), e.name(), child.dagSize()));
            dagSize += child.dagSize();
            if (child.hasCidWhenAdded()) {
                heliaEstimate += estimate(e.nameBytes().length, child);
            }
        }
        if (profile == UnixFsProfile.UNIXFS_V1_2025) {
            heliaEstimate += 4; // the Data field {Type: Directory}, wrapped
        }
        if (heliaEstimate > SHARD_SPLIT_THRESHOLD_BYTES) {
            throw new FileSystemException(dir.toString(), null, "has too many entries for a flat UnixFS directory ("
                    + links.size() + " entries, " + heliaEstimate + " bytes estimated, over "
                    + SHARD_SPLIT_THRESHOLD_BYTES + "): Helia and kubo would shard it (HAMT), which Unveil does not"
                    + " implement; split it into subdirectories");
        }
        byte[] block = DagPb.encode(links, DIRECTORY_DATA);
        if (block.length > BlockLoader.MAX_BLOCK_SIZE) {
            throw new FileSystemException(dir.toString(), null, "would be a directory node of " + block.length
                    + " bytes, over the " + BlockLoader.MAX_BLOCK_SIZE + "-byte block limit; split it into subdirectories");
        }
        Cid cid = Cid.sha256(Cid.DAG_PB, block);
        VerifiedPut.put(stored, cid, block);
        listener.added(relative, cid, -1);
        // Helia builds an empty directory's node when it reads the entry, so it has a CID when added to its parent.
        return new Built(cid, dagSize + block.length, links.isEmpty());
    }

    private Built file(Path file, String relative) throws IOException {
        long bytes = Files.size(file);
        BalancedTreeBuilder.Child root;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), 1 << 16)) {
            root = UnixFsImporter.importTree(in, layout, stored);
        }
        if (root.fileSize() != bytes) {
            throw new FileSystemException(file.toString(), null, "changed size while being read (" + bytes + " then "
                    + root.fileSize() + " bytes); add it again once nothing writes to it");
        }
        listener.added(relative, root.cid(), bytes);
        return new Built(root.cid(), root.dagSize(), true);
    }

    /** ipfs-unixfs-importer's {@code estimateLinkSize} (links-bytes) or {@code linkSerializedSize} (block-bytes). */
    private long estimate(int nameLength, Built child) {
        int cidLength = child.cid().bytes().length;
        if (profile != UnixFsProfile.UNIXFS_V1_2025) {
            return nameLength + cidLength;
        }
        long link = 1 + Varint.size(cidLength) + cidLength + 1 + Varint.size(nameLength) + nameLength
                + 1 + Varint.size(child.dagSize());
        return 1 + Varint.size(link) + link;
    }

    private List<Entry> entries(Path dir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                String name = p.getFileName().toString();
                if (!includeHidden && name.startsWith(".")) {
                    continue;
                }
                entries.add(entry(p, name));
            }
        }
        entries.sort(BY_NAME_BYTES);
        return entries;
    }

    private static Entry entry(Path p, String name) throws IOException {
        // The JDK decodes undecodable file name bytes to U+FFFD; such a name cannot be a UnixFS link name.
        if (name.indexOf('\uFFFD') >= 0 || name.indexOf('/') >= 0 || name.isEmpty()
                || (!"UTF-8".equals(System.getProperty("sun.jnu.encoding")) && !isAscii(name))) {
            throw new FileSystemException(p.toString(), null, "has a name that is not valid UTF-8 (or the JVM does not"
                    + " read file names as UTF-8: run with LANG=C.UTF-8); rename it");
        }
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) {
            throw new FileSystemException(p.toString(), null, "is a symbolic link; UnixFS import takes regular files and"
                    + " directories only: copy the target in its place or remove the link");
        }
        if (!a.isRegularFile() && !a.isDirectory()) {
            throw new FileSystemException(p.toString(), null, "is not a regular file or directory (a device, socket or"
                    + " pipe); remove it from the tree");
        }
        return new Entry(p, name, name.getBytes(StandardCharsets.UTF_8), a.isDirectory());
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }
}
