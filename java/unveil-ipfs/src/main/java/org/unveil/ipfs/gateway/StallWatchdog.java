package org.unveil.ipfs.gateway;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Interrupts a download that stops making progress. HttpClient's request timeout ends when the
 * headers arrive; a gateway that then trickles or stalls the body would hang the reader forever,
 * so this interrupts the reading thread once a single read has waited {@code idleMillis} for
 * data (the JDK's response stream turns the interrupt into an IOException). Only time blocked
 * in a read counts: our own slow disk must not be blamed on the gateway.
 */
final class StallWatchdog implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "unveil-fetch-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** The thread in the pending read: the one to interrupt. */
    private volatile Thread reader;
    private final long idleNanos;
    private final ScheduledFuture<?> task;
    /** When the pending read began, or 0 while the reader is not waiting on the network. */
    private volatile long readingSince;
    private volatile boolean fired;
    private volatile boolean closed;

    StallWatchdog(long idleMillis) {
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
        long period = Math.max(10, Math.min(1000, idleMillis / 4));
        this.task = TIMER.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    InputStream watch(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                reader = Thread.currentThread();
                readingSince = System.nanoTime();
                try {
                    return super.read();
                } finally {
                    readingSince = 0;
                }
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                reader = Thread.currentThread();
                readingSince = System.nanoTime();
                try {
                    return super.read(buf, off, len);
                } finally {
                    readingSince = 0;
                }
            }
        };
    }

    boolean fired() {
        return fired;
    }

    private synchronized void check() {
        long since = readingSince;
        Thread t = reader;
        if (!closed && !fired && since != 0 && t != null && System.nanoTime() - since > idleNanos) {
            fired = true;
            t.interrupt();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        task.cancel(false);
        // An interrupt that arrived after the reader finished must not leak into later work.
        if (fired && Thread.currentThread() == reader) Thread.interrupted();
    }
}
