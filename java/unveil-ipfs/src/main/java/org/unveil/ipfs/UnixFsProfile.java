package org.unveil.ipfs;

/**
 * Named DAG construction parameters (IPIP-499), so the same bytes give the same CID in Unveil, kubo and Helia.
 * Both profiles use fixed-size chunks, the balanced layout, raw leaves, CIDv1 and sha2-256.
 */
public enum UnixFsProfile {
    /** IPIP-499 {@code unixfs-v1-2025}: 1 MiB chunks, 1024 links per node. Unveil's default. */
    UNIXFS_V1_2025("unixfs-v1-2025", 1024 * 1024, 1024),
    /** What {@code ipfs add --cid-version=1} produced in kubo through 0.39: 256 KiB chunks, 174 links per node. */
    KUBO_LEGACY("kubo-legacy", 256 * 1024, 174);

    private final String wireName;
    private final int chunkSize;
    private final int maxLinks;

    UnixFsProfile(String wireName, int chunkSize, int maxLinks) {
        this.wireName = wireName;
        this.chunkSize = chunkSize;
        this.maxLinks = maxLinks;
    }

    /** Parses {@code unixfs-v1-2025} or {@code kubo-legacy}. */
    public static UnixFsProfile parse(String name) {
        for (UnixFsProfile p : values()) {
            if (p.wireName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown UnixFS profile '" + name + "'; use unixfs-v1-2025 or kubo-legacy");
    }

    /** Bytes per leaf. */
    public int chunkSize() {
        return chunkSize;
    }

    /** Links per interior node. */
    public int maxLinks() {
        return maxLinks;
    }

    /** The name used on the command line and in manifests. */
    public String wireName() {
        return wireName;
    }

    DagLayout layout() {
        return new DagLayout(chunkSize, maxLinks, true);
    }
}
