package org.unveil.keyholder.chain;

import java.time.Instant;
import java.util.Optional;

/**
 * A consistent snapshot of one watcher's counters, for the daemon's metrics endpoint: counters only
 * grow over the watcher's life; the gauges are as of the last poll. A snapshot, not live fields,
 * so an exporter reading while a poll runs never sees half an update.
 *
 * @param polls          polls started
 * @param failedPolls    polls that threw (their reads were not committed)
 * @param logs           logs returned (new ones only)
 * @param chunkHalvings  eth_getLogs ranges the node refused as too large, each halving the chunk
 * @param retries        RPC requests repeated after a transient fault
 * @param reorgs         reorgs found (the cursor moved back)
 * @param staleHeads     polls that read nothing because the node's head was behind
 * @param lastHead       the node's head at the last poll that got an answer; -1 before
 * @param cursor         the stored cursor's block after the last successful poll; -1 before
 * @param chunkSize      the eth_getLogs range, in blocks, the next read will ask for
 * @param lastSuccess    when a poll last succeeded
 */
public record WatchMetrics(long polls, long failedPolls, long logs, long chunkHalvings, long retries, long reorgs, long staleHeads,
        long lastHead, long cursor, int chunkSize, Optional<Instant> lastSuccess) {}
