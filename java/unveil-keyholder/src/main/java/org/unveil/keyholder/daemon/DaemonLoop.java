package org.unveil.keyholder.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.unveil.keyholder.chain.ChainLog;
import org.unveil.keyholder.chain.LogWatcher;
import org.unveil.keyholder.chain.Poll;
import org.unveil.keyholder.chain.WatchMetrics;
import org.unveil.keyholder.engine.Engine;

/**
 * The daemon's one worker: read the logs of the factory and the held releases, mark the releases
 * they name, run a pass of the engine, sleep, again, until asked to stop. A stop request lets the
 * pass in progress finish (its steps are journaled, so stopping between two is always safe).
 */
final class DaemonLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger("unveil.keyholder.daemon");
    private final LogWatcher watcher;
    private final Engine engine;
    private final String factory;
    private final Duration interval;
    private final Clock clock;
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong passNanos = new AtomicLong();
    private volatile long lastPassNanos;
    private volatile Instant lastSuccess;
    private volatile String lastError;
    private volatile boolean stopping;

    DaemonLoop(LogWatcher watcher, Engine engine, String factory, Duration interval, Clock clock) {
        this.watcher = watcher;
        this.engine = engine;
        this.factory = factory;
        this.interval = interval;
        this.clock = clock;
        this.lastSuccess = clock.instant();
    }

    @Override
    public void run() {
        while (!stopping) {
            boolean more = pass();
            if (!more) pause();
        }
        LOG.log(System.Logger.Level.INFO, "stopped after {0} passes", passes.get());
    }

    /** Waits one interval, or less if a stop is asked for; a pass itself is never interrupted. */
    private synchronized void pause() {
        long until = System.nanoTime() + interval.toNanos();
        while (!stopping) {
            long left = until - System.nanoTime();
            if (left <= 0) return;
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One pass; true when the watcher is still back-filling and the next pass should follow at once. */
    boolean pass() {
        long start = System.nanoTime();
        try {
            Set<String> addresses = new HashSet<>(engine.watched());
            addresses.add(factory);
            Poll poll = watcher.poll(addresses, Set.of());
            if (poll.reorged()) {
                LOG.log(System.Logger.Level.WARNING, "reorg of {0} blocks: every held release is looked at again", poll.reorgDepth());
                engine.watched().forEach(engine::markDirty);
            }
            for (ChainLog log : poll.logs()) {
                if (log.address().equals(factory)) {
                    // ReleaseCreated(address indexed release, ...): the release is the first indexed topic.
                    if (log.topics().size() > 1) engine.markDirty("0x" + log.topics().get(1).substring(26));
                } else {
                    engine.markDirty(log.address());
                }
            }
            engine.tick();
            passes.incrementAndGet();
            lastSuccess = clock.instant();
            lastError = null;
            return !poll.caughtUp();
        } catch (Exception e) {
            failures.incrementAndGet();
            lastError = e.getMessage();
            LOG.log(System.Logger.Level.WARNING, "pass failed, retrying in " + interval.toMillis() + " ms: " + e.getMessage());
            return false;
        } finally {
            lastPassNanos = System.nanoTime() - start;
            passNanos.addAndGet(lastPassNanos);
        }
    }

    /** Asks the loop to stop after the pass in progress. */
    synchronized void stop() {
        stopping = true;
        notifyAll();
    }

    long passes() {
        return passes.get();
    }

    long failures() {
        return failures.get();
    }

    /** Wall time spent in passes, failed ones included, in nanoseconds. */
    long passNanos() {
        return passNanos.get();
    }

    /** How long the last pass took, in nanoseconds. */
    long lastPassNanos() {
        return lastPassNanos;
    }

    Instant lastSuccess() {
        return lastSuccess;
    }

    Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    WatchMetrics watchMetrics() {
        return watcher.metrics();
    }
}
