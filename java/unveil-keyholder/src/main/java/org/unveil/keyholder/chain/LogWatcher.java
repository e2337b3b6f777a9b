package org.unveil.keyholder.chain;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.unveil.eth.Chain;
import org.unveil.eth.ChainException;
import org.unveil.keyholder.store.BlockRef;
import org.unveil.keyholder.store.ChainCursors;
import org.unveil.keyholder.store.LogKey;
import org.unveil.keyholder.store.StoreException;

/**
 * Reads one factory's logs from a node by polling eth_getLogs over HTTP, and remembers how far it
 * read in the store, so that every log is handed to the engine once, in chain order, across
 * restarts, reorgs, lagging nodes, capped ranges and flaky connections (spec/keyholder-daemon.md
 * section 5). Polling rather than subscriptions: every provider serves eth_getLogs over plain HTTP,
 * and a poll that fails half-way can simply be repeated, which a lost websocket notification cannot.
 *
 * <p>Each {@link #poll} is all or nothing: it checks the cursor against the node (a reorg moves it
 * back), reads forward in chunks, and commits the new cursor with the logs read in one store
 * transaction. A poll that throws has committed nothing, so nothing is lost or returned twice.
 *
 * <p>One thread polls; {@link #metrics()} may be read from any.
 */
public final class LogWatcher {
    /** Re-reads of a poll whose chain moved under it (a reorg between two requests) before it gives up. */
    private static final int MAX_PASSES = 3;

    private final ChainCursors cursors;
    private final long chainId;
    private final String factory;
    private final long startBlock;
    private final WatchSettings settings;
    private final Clock clock;
    private final WatchCounters counters = new WatchCounters();
    private final NodeReader node;
    private final ReorgCheck reorgCheck;
    private final ChunkSize chunk;
    /** The highest head the node has shown this watcher: a head below it is a lagging node until hashes say otherwise. */
    private long highestHead = -1;

    /**
     * @param factory    the factory whose cursor this is (the store keeps one per chain and factory)
     * @param startBlock where the first poll, with no cursor stored yet, starts: the factory's deployment block
     */
    public LogWatcher(Chain chain, ChainCursors cursors, String factory, long startBlock, WatchSettings settings, Clock clock) {
        Objects.requireNonNull(chain, "chain required");
        this.cursors = Objects.requireNonNull(cursors, "chain cursors required");
        this.chainId = chain.chainId();
        this.factory = Objects.requireNonNull(factory, "factory address required");
        if (startBlock < 0) throw new IllegalArgumentException("start block must be >= 0, got " + startBlock);
        this.startBlock = startBlock;
        this.settings = Objects.requireNonNull(settings, "watch settings required");
        this.clock = Objects.requireNonNull(clock, "clock required");
        this.node = new NodeReader(chain.web3j(), chain.rpcUrl(), new Backoff(settings.backoffBase(), settings.backoffCap(), new SplittableRandom()),
                settings.maxAttempts(), counters);
        this.reorgCheck = new ReorgCheck(node, settings.maxReorgDepth(), Math.max(0, startBlock - 1));
        this.chunk = new ChunkSize(settings.maxChunk());
    }

    public LogWatcher(Chain chain, ChainCursors cursors, String factory, long startBlock) {
        this(chain, cursors, factory, startBlock, WatchSettings.defaults(), Clock.systemUTC());
    }

    /**
     * Reads the logs of {@code addresses} whose topic0 is one of {@code topic0s} (empty: any) from
     * the block after the cursor up to the head (less the lag), at most {@code maxBlocksPerPoll}
     * blocks, and returns those not returned before. The cursor covers the filter of each poll: an
     * address added later is read from the cursor on, not from its creation (the engine reads a new
     * release's state from the chain anyway).
     *
     * @throws ChainException the node failed beyond the retries, or caps a single block; nothing was committed
     * @throws StoreException the cursor could not be read or committed; nothing was committed
     */
    public synchronized Poll poll(Set<String> addresses, Set<String> topic0s) throws IOException {
        LogFilter filter = LogFilter.of(addresses, topic0s);
        counters.pollStarted();
        try {
            Poll poll = pollOnce(filter);
            counters.pollSucceeded(poll, clock.instant());
            return poll;
        } catch (IOException | RuntimeException e) {
            counters.pollFailed();
            throw e;
        }
    }

    public WatchMetrics metrics() {
        return counters.snapshot(chunk.size());
    }

    private Poll pollOnce(LogFilter filter) throws IOException {
        for (int pass = 1; ; pass++) {
            try {
                return readPass(filter);
            } catch (ChainMoved moved) {
                if (pass == MAX_PASSES) {
                    throw new ChainException("the chain at " + node.node() + " changed under " + MAX_PASSES + " reads in a row (" + moved.getMessage()
                            + "); nothing was committed. Poll again later, or set a lag of a few blocks so reads stay behind the reorgs");
                }
            }
        }
    }

    /** One read from the stored cursor; throws {@link ChainMoved} when a block read in this pass is no longer the node's. */
    private Poll readPass(LogFilter filter) throws IOException, ChainMoved {
        long head = node.head();
        counters.head(head);
        Optional<BlockRef> stored = cursors.get(chainId, factory);
        Optional<BlockRef> ancestor = Optional.empty();
        if (stored.isPresent()) {
            BlockRef cursor = stored.get();
            ReorgCheck.Verdict verdict = reorgCheck.check(cursor, head, cursors.seenBlocks(chainId, factory, reorgCheck.lowest(cursor), cursor.number()));
            switch (verdict) {
                case ReorgCheck.Stale s -> {
                    return stale(stored, head);
                }
                case ReorgCheck.Agrees a -> {
                    if (head < highestHead) return stale(stored, head);
                }
                case ReorgCheck.Reorg r -> ancestor = Optional.of(r.ancestor());
            }
        } else if (head < highestHead) {
            return stale(stored, head);
        }
        highestHead = head;

        Optional<BlockRef> from = ancestor.isPresent() ? ancestor : stored;
        long target = head - settings.lag();
        long next = from.map(b -> b.number() + 1).orElse(startBlock);
        long last = Math.min(target, next + settings.maxBlocksPerPoll() - 1);
        Optional<BlockRef> at = from;
        List<ChainLog> read = new ArrayList<>();
        while (next <= last) {
            // the pass's own boundaries are checked again; where it started was checked by the reorg check just now
            if (at.isPresent() && next > from.map(b -> b.number() + 1).orElse(startBlock)) requireStillCanonical(at.get());
            long to = Math.min(last, next + chunk.size() - 1);
            Optional<BlockRef> end = node.block(to);
            if (end.isEmpty()) break; // the node named a head it cannot show yet: commit what was read, poll again
            List<ChainLog> logs;
            try {
                logs = node.logs(filter, next, to);
            } catch (NodeReader.RangeTooLarge refused) {
                if (to == next) {
                    throw new ChainException(refused.getMessage() + "; that is a single block, so this node cannot serve this factory's logs: use a node "
                            + "(or a plan) without this cap", refused);
                }
                chunk.refused(to - next + 1);
                counters.halved();
                continue;
            }
            chunk.succeeded();
            for (ChainLog l : logs) {
                if (l.blockNumber() == to && !l.blockHash().equals(end.get().hash())) {
                    throw new ChainMoved("block " + to + " was " + end.get().hash() + " but its logs came from " + l.blockHash());
                }
            }
            read.addAll(logs);
            at = end;
            next = to + 1;
        }
        List<ChainLog> fresh = commit(stored, ancestor, at, read);
        long depth = ancestor.map(a -> Math.max(1, stored.get().number() - a.number())).orElse(0L);
        boolean caughtUp = at.map(b -> b.number() >= target).orElse(target < startBlock);
        return new Poll(fresh, at, head, caughtUp, false, depth);
    }

    private Poll stale(Optional<BlockRef> cursor, long head) {
        return new Poll(List.of(), cursor, head, false, true, 0);
    }

    private void requireStillCanonical(BlockRef b) throws ChainException, ChainMoved {
        Optional<BlockRef> now = node.block(b.number());
        if (!now.equals(Optional.of(b))) {
            throw new ChainMoved("block " + b.number() + " was " + b.hash() + ", now " + now.map(BlockRef::hash).orElse("absent"));
        }
    }

    /** Commits the pass in one transaction; returns the logs the store had not seen, in chain order. */
    private List<ChainLog> commit(Optional<BlockRef> stored, Optional<BlockRef> ancestor, Optional<BlockRef> at, List<ChainLog> read) throws StoreException {
        if (at.isEmpty() || (ancestor.isEmpty() && at.equals(stored))) return List.of();
        Map<LogKey, ChainLog> byKey = new LinkedHashMap<>();
        for (ChainLog l : read) byKey.putIfAbsent(l.key(), l);
        List<LogKey> keys = List.copyOf(byKey.keySet());
        List<LogKey> fresh = ancestor.isPresent()
                ? cursors.rewindAndAdvance(chainId, factory, stored.orElseThrow(), ancestor.get(), at.get(), keys)
                : cursors.advance(chainId, factory, stored, at.get(), keys);
        return fresh.stream().map(byKey::get).toList();
    }

    /** A block this pass read is no longer the node's: the pass is dropped and read again. */
    private static final class ChainMoved extends Exception {
        private static final long serialVersionUID = 1L;

        ChainMoved(String message) {
            super(message, null, false, false);
        }
    }
}
