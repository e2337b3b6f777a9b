package org.unveil.ipfs;

import java.util.Locale;

/** The trustless gateway {@code dag-scope} parameter: which blocks below the terminal CID a CAR carries. */
public enum DagScope {
    /** Only the terminal block. */
    BLOCK,
    /** The blocks needed to read the whole UnixFS file or enumerate the directory; else same as BLOCK. */
    ENTITY,
    /** The entire DAG below the terminal block. */
    ALL;

    /** Parses {@code block | entity | all} as sent in a URL. */
    public static DagScope parse(String value) {
        for (DagScope s : values()) {
            if (s.name().toLowerCase(Locale.ROOT).equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown dag-scope '" + value + "'; use block, entity or all");
    }

    /** The value as sent in a URL. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
