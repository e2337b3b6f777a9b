package org.unveil.ipfs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one CID is in UnixFS terms, read from its root block alone (verified): a file, a flat directory with its
 * links, or something a path gateway cannot walk (a HAMT-sharded directory, a symlink, non-UnixFS dag-pb).
 * This is what resolving {@code /ipfs/{cid}/a/b} needs, one block per path segment.
 *
 * @param links a directory's entries in the node's order (by name bytes); empty for anything else
 */
public record UnixFsEntry(Cid cid, Kind kind, List<Link> links) {
    /** The kinds a path gateway tells apart. */
    public enum Kind {
        /** A raw block or a UnixFS File (or Raw) node: {@link UnixFsExporter} reads it. */
        FILE,
        /** A UnixFS Directory node: its links are its entries. */
        DIRECTORY,
        /** A UnixFS HAMTShard: a directory, but walking it is not implemented. */
        SHARDED_DIRECTORY,
        /** A symlink, a metadata node, or dag-pb without UnixFS data. */
        OTHER
    }

    /** One directory entry: its name, CID and cumulative DAG size (the dag-pb Tsize, 0 when absent). */
    public record Link(String name, Cid cid, long tsize) {
    }

    public UnixFsEntry {
        Objects.requireNonNull(cid, "CID required");
        Objects.requireNonNull(kind, "kind required");
        links = List.copyOf(links);
    }

    /** Loads and classifies {@code cid}'s root block. */
    public static UnixFsEntry load(Cid cid, BlockSource src) throws IOException {
        Objects.requireNonNull(cid, "CID required");
        byte[] block = new BlockLoader(Objects.requireNonNull(src, "block source required")).load(cid);
        if (cid.codec() == Cid.RAW) {
            return new UnixFsEntry(cid, Kind.FILE, List.of());
        }
        DagPb.Node node;
        try {
            node = DagPb.decode(block);
        } catch (InvalidBlockException e) {
            throw new InvalidBlockException("dag-pb block " + cid + " is malformed: " + e.getMessage(), e);
        }
        if (node.data() == null) {
            return new UnixFsEntry(cid, Kind.OTHER, List.of());
        }
        UnixFsData data = UnixFsData.decode(node.data(), cid);
        return switch (data.type()) {
            case UnixFsData.FILE, UnixFsData.RAW -> new UnixFsEntry(cid, Kind.FILE, List.of());
            case UnixFsData.HAMT_SHARD -> new UnixFsEntry(cid, Kind.SHARDED_DIRECTORY, List.of());
            case UnixFsData.DIRECTORY -> new UnixFsEntry(cid, Kind.DIRECTORY, links(node, cid));
            default -> new UnixFsEntry(cid, Kind.OTHER, List.of());
        };
    }

    private static List<Link> links(DagPb.Node node, Cid cid) throws InvalidBlockException {
        List<Link> links = new ArrayList<>(node.links().size());
        for (DagPb.Link l : node.links()) {
            if (l.name() == null) {
                throw new InvalidBlockException("UnixFS directory " + cid + " has a link without a name");
            }
            links.add(new Link(l.name(), l.hash(), l.tsize() == null ? 0 : l.tsize()));
        }
        return links;
    }

    /** The entry called {@code name} , or null. */
    public Link find(String name) {
        for (Link l : links) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        return null;
    }

    /** A readable name for the kind, for messages. */
    public String describe() {
        return switch (kind) {
            case FILE -> "a file";
            case DIRECTORY -> "a directory";
            case SHARDED_DIRECTORY -> "a HAMT-sharded directory";
            case OTHER -> "neither a UnixFS file nor a directory";
        };
    }
}
