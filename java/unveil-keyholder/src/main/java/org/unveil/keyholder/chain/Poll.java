package org.unveil.keyholder.chain;

import java.util.List;
import java.util.Optional;
import org.unveil.keyholder.store.BlockRef;

/**
 * What one {@link LogWatcher#poll} found. The logs are new (never returned before for this
 * factory), in chain order. After a reorg ({@link #reorged()}) logs returned earlier may no longer
 * be on the chain, so the engine re-reads the state of its releases rather than trusting what it
 * derived from them.
 *
 * @param logs       the logs not returned before, ordered by block and log index
 * @param cursor     the last block read, as now stored; empty before the first block was read
 * @param head       the node's head as it answered this poll
 * @param caughtUp   the cursor reached {@code head - lag}; false: poll again at once (a long back-fill
 *                   is read over several polls, each committed on its own)
 * @param staleHead  the node's head was behind what was read before and no block hash proved a reorg:
 *                   nothing was read, poll again later (a lagging node or load-balancer backend)
 * @param reorgDepth how many blocks the cursor was moved back before reading (0: no reorg)
 */
public record Poll(List<ChainLog> logs, Optional<BlockRef> cursor, long head, boolean caughtUp, boolean staleHead, long reorgDepth) {
    public Poll {
        logs = List.copyOf(logs);
    }

    public boolean reorged() {
        return reorgDepth > 0;
    }
}
