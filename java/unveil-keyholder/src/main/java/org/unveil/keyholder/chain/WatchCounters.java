package org.unveil.keyholder.chain;

import java.time.Instant;
import java.util.Optional;

/** The watcher's counters, written by the polling thread and read as one {@link WatchMetrics} snapshot by any other. */
final class WatchCounters {
    private long polls;
    private long failedPolls;
    private long logs;
    private long chunkHalvings;
    private long retries;
    private long reorgs;
    private long staleHeads;
    private long lastHead = -1;
    private long cursor = -1;
    private Instant lastSuccess;

    synchronized void pollStarted() {
        polls++;
    }

    synchronized void pollFailed() {
        failedPolls++;
    }

    synchronized void retried() {
        retries++;
    }

    synchronized void halved() {
        chunkHalvings++;
    }

    synchronized void head(long head) {
        lastHead = head;
    }

    synchronized void pollSucceeded(Poll poll, Instant at) {
        logs += poll.logs().size();
        if (poll.reorged()) reorgs++;
        if (poll.staleHead()) staleHeads++;
        cursor = poll.cursor().map(b -> b.number()).orElse(-1L);
        lastSuccess = at;
    }

    synchronized WatchMetrics snapshot(int chunkSize) {
        return new WatchMetrics(polls, failedPolls, logs, chunkHalvings, retries, reorgs, staleHeads, lastHead, cursor, chunkSize, Optional.ofNullable(lastSuccess));
    }
}
