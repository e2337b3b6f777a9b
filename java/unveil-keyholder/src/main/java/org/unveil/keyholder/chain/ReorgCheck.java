package org.unveil.keyholder.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.unveil.eth.ChainException;
import org.unveil.keyholder.store.BlockRef;

/**
 * Decides, before anything past the cursor is read, whether the chain the store has read is still
 * the node's. The store knows the hashes of two kinds of block only: the cursor's and those of the
 * blocks that held seen logs. Comparing them newest first with the node's tells the three cases
 * apart: the cursor still agrees (read on); an older known block agrees but the node cannot show the
 * cursor's (its head is behind: wait, a lagging node is not a reorg); a known block disagrees (a
 * reorg, proven by hashes: move back to the newest known block that agrees, or, when none within the
 * depth does, to {@code cursor - maxReorgDepth} with the hash the node has there now).
 *
 * <p>Rewinding to the newest agreeing block that held logs, rather than to the fork itself, forgets
 * no log that is still on the chain (every seen block above it is off the chain) and costs only a
 * re-read of the log-less blocks in between.
 */
final class ReorgCheck {
    sealed interface Verdict {}

    /** The cursor's block is still the node's. */
    record Agrees() implements Verdict {}

    /** The node cannot show the cursor's block and no hash it shows disagrees: nothing proves a reorg. */
    record Stale() implements Verdict {}

    /** Hashes prove a reorg; {@code ancestor} is on the node's chain now, its hash read just now. */
    record Reorg(BlockRef ancestor) implements Verdict {}

    private final NodeReader node;
    private final int maxDepth;
    private final long floor;

    /** {@code floor}: the lowest block the cursor may move back to (the one before the watcher's start block). */
    ReorgCheck(NodeReader node, int maxDepth, long floor) {
        this.node = node;
        this.maxDepth = maxDepth;
        this.floor = floor;
    }

    /** {@code seen}: the blocks of seen logs below the cursor within the depth, newest first ({@code ChainCursors.seenBlocks}). */
    Verdict check(BlockRef cursor, long head, List<BlockRef> seen) throws ChainException {
        List<BlockRef> known = new ArrayList<>();
        known.add(cursor);
        for (BlockRef b : seen) if (b.number() < cursor.number()) known.add(b);
        boolean disagreed = false;
        for (BlockRef k : known) {
            if (k.number() > head) continue;
            Optional<BlockRef> now = node.block(k.number());
            if (now.isEmpty()) continue;
            if (now.get().equals(k)) {
                if (disagreed) return new Reorg(k);
                return k == cursor ? new Agrees() : new Stale();
            }
            disagreed = true;
        }
        if (!disagreed) return new Stale();
        long back = Math.max(floor, cursor.number() - maxDepth);
        if (back > head) return new Stale();
        Optional<BlockRef> ancestor = node.block(back);
        return ancestor.<Verdict>map(Reorg::new).orElseGet(Stale::new);
    }

    /** The lowest block a {@link #check} compares, for reading the seen blocks it needs. */
    long lowest(BlockRef cursor) {
        return Math.max(floor, cursor.number() - maxDepth);
    }
}
