package org.unveil.ipfs;

import java.util.List;

/**
 * One node of a UnixFS file DAG, checked for internal consistency: a raw leaf, or a dag-pb File node whose inline
 * data comes first and whose {@code blocksizes} give the file bytes under each link, in order.
 */
record FileNode(Cid cid, byte[] data, List<DagPb.Link> links, long[] blockSizes, long fileSize) {

    static FileNode decode(Cid cid, byte[] block) throws InvalidBlockException {
        if (cid.codec() == Cid.RAW) {
            return new FileNode(cid, block, List.of(), new long[0], block.length);
        }
        DagPb.Node node;
        try {
            node = DagPb.decode(block);
        } catch (InvalidBlockException e) {
            throw new InvalidBlockException("dag-pb block " + cid + " is malformed: " + e.getMessage(), e);
        }
        if (node.data() == null) {
            throw new InvalidBlockException("dag-pb block " + cid + " has no UnixFS data; it is not a UnixFS file");
        }
        UnixFsData unixfs = UnixFsData.decode(node.data(), cid);
        if (!unixfs.isFile()) {
            throw new InvalidBlockException("CID " + cid + " is a UnixFS " + typeName(unixfs.type()) + ", not a file");
        }
        if (unixfs.blockSizes().length != node.links().size()) {
            throw new InvalidBlockException("UnixFS file " + cid + " has " + node.links().size() + " links but "
                    + unixfs.blockSizes().length + " blocksizes");
        }
        long total = unixfs.dataLength();
        for (long size : unixfs.blockSizes()) {
            total += size;
            if (total < 0) {
                throw new InvalidBlockException("UnixFS file " + cid + " blocksizes overflow");
            }
        }
        if (unixfs.fileSize() != null && unixfs.fileSize() != total) {
            throw new InvalidBlockException("UnixFS file " + cid + " declares filesize " + unixfs.fileSize()
                    + " but its data and blocksizes add up to " + total);
        }
        byte[] data = unixfs.data() == null ? new byte[0] : unixfs.data();
        return new FileNode(cid, data, node.links(), unixfs.blockSizes(), total);
    }

    static String typeName(int type) {
        return switch (type) {
            case UnixFsData.RAW -> "raw node";
            case UnixFsData.DIRECTORY -> "directory";
            case UnixFsData.FILE -> "file";
            case UnixFsData.METADATA -> "metadata node";
            case UnixFsData.SYMLINK -> "symlink";
            case UnixFsData.HAMT_SHARD -> "sharded directory";
            default -> "node of unknown type " + type;
        };
    }
}
