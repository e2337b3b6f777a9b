package org.unveil.keyholder.chain;

/**
 * The eth_getLogs range the watcher asks for. It halves when the node refuses a range as too large
 * and doubles back, up to the maximum, after {@link #GROW_AFTER} reads in a row succeed: a node's
 * cap depends on how many logs a range holds, so it changes along the chain, and a size that was
 * refused once is worth trying again later, but not on every read.
 */
final class ChunkSize {
    static final int GROW_AFTER = 4;
    private final int max;
    private int size;
    private int successes;

    ChunkSize(int max) {
        if (max < 1) throw new IllegalArgumentException("chunk must be >= 1 block, got " + max);
        this.max = max;
        this.size = max;
    }

    int size() {
        return size;
    }

    /** The node refused a range of {@code blocks}: the next one is half as long. */
    void refused(long blocks) {
        size = (int) Math.max(1, Math.min(size, blocks) / 2);
        successes = 0;
    }

    void succeeded() {
        if (++successes >= GROW_AFTER && size < max) {
            size = (int) Math.min(max, 2L * size);
            successes = 0;
        }
    }
}
