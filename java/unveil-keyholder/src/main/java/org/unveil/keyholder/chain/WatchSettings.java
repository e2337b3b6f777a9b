package org.unveil.keyholder.chain;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link LogWatcher} reads (spec/keyholder-daemon.md section 5). The defaults suit public
 * endpoints: 2,000-block eth_getLogs ranges (a common provider cap; the watcher halves on a refusal
 * anyway), at most 20,000 blocks committed per poll, reorgs followed up to 64 blocks (two epochs:
 * beyond that an Ethereum block is final), six attempts per request backing off from 250 ms to 10 s.
 *
 * @param lag              blocks behind the head left unread (0: read up to the head); a lag makes
 *                         reorgs rarer, at the price of acting later
 * @param maxChunk         the largest eth_getLogs range, in blocks
 * @param maxBlocksPerPoll the most blocks one poll reads and commits
 * @param maxReorgDepth    how far back a reorg is looked for
 * @param maxAttempts      attempts per RPC request before the poll fails
 * @param backoffBase      the wait before the first retry; doubled per retry, with jitter
 * @param backoffCap       the longest wait between two attempts
 */
public record WatchSettings(int lag, int maxChunk, int maxBlocksPerPoll, int maxReorgDepth, int maxAttempts, Duration backoffBase, Duration backoffCap) {
    public WatchSettings {
        if (lag < 0) throw new IllegalArgumentException("lag must be >= 0 blocks, got " + lag);
        positive(maxChunk, "maxChunk");
        positive(maxReorgDepth, "maxReorgDepth");
        positive(maxAttempts, "maxAttempts");
        if (maxBlocksPerPoll < maxChunk) throw new IllegalArgumentException("maxBlocksPerPoll (" + maxBlocksPerPoll + ") must be >= maxChunk (" + maxChunk + ")");
        Objects.requireNonNull(backoffBase, "backoffBase required");
        Objects.requireNonNull(backoffCap, "backoffCap required");
        if (backoffBase.isNegative() || backoffCap.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= base <= cap, got base " + backoffBase + " and cap " + backoffCap);
        }
    }

    public static WatchSettings defaults() {
        return new WatchSettings(0, 2_000, 20_000, 64, 6, Duration.ofMillis(250), Duration.ofSeconds(10));
    }

    public WatchSettings withLag(int blocks) {
        return new WatchSettings(blocks, maxChunk, maxBlocksPerPoll, maxReorgDepth, maxAttempts, backoffBase, backoffCap);
    }

    public WatchSettings withChunks(int maxChunk, int maxBlocksPerPoll) {
        return new WatchSettings(lag, maxChunk, maxBlocksPerPoll, maxReorgDepth, maxAttempts, backoffBase, backoffCap);
    }

    public WatchSettings withMaxReorgDepth(int blocks) {
        return new WatchSettings(lag, maxChunk, maxBlocksPerPoll, blocks, maxAttempts, backoffBase, backoffCap);
    }

    public WatchSettings withRetries(int maxAttempts, Duration base, Duration cap) {
        return new WatchSettings(lag, maxChunk, maxBlocksPerPoll, maxReorgDepth, maxAttempts, base, cap);
    }

    private static void positive(int v, String what) {
        if (v < 1) throw new IllegalArgumentException(what + " must be >= 1, got " + v);
    }
}
