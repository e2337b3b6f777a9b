package org.unveil.archive.internal;

import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * SHA-256 computed on a second thread (feed it heap buffers: for direct buffers the JDK copies
 * through a small scratch array, which halves hashing speed), so hashing plaintext overlaps with encryption, decryption
 * and I/O on the caller's thread (both are CPU-bound at about the same speed). Up to {@link #DEPTH}
 * updates wait in a queue, so a thread that falls behind for a moment (three busy threads share two
 * cores) does not stall the others: callers rotate {@code DEPTH + 1} buffers, since {@link #update}
 * waits only for the update {@code DEPTH} calls back, and a buffer passed in may be refilled once
 * {@code DEPTH} more update calls have returned.
 */
public final class BackgroundDigest implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "unveil-sha256");
        t.setDaemon(true);
        return t;
    });
    /** Updates queued before {@link #update} waits; callers rotate one buffer more than this. */
    public static final int DEPTH = 3;
    private final MessageDigest digest = ArchiveLayoutWriter.sha256();
    private final java.util.ArrayDeque<Future<?>> pending = new java.util.ArrayDeque<>();

    /** Hashes {@code buffer}'s remaining bytes in the background; the buffer must stay unchanged for {@link #DEPTH} more calls. */
    public void update(ByteBuffer buffer) throws InterruptedIOException {
        if (pending.size() >= DEPTH) await(pending.removeFirst());
        ByteBuffer view = buffer.duplicate();
        pending.addLast(thread.submit(() -> digest.update(view)));
    }

    /** Waits for pending work and returns the digest (which resets it). */
    public byte[] digest() throws InterruptedIOException {
        while (!pending.isEmpty()) await(pending.removeFirst());
        return digest.digest();
    }

    private static void await(Future<?> f) throws InterruptedIOException {
        try {
            Await.done(f, "hashing");
        } catch (InterruptedIOException e) {
            throw e;
        } catch (java.io.IOException impossible) {
            throw new IllegalStateException("hashing failed", impossible); // MessageDigest.update throws nothing checked
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
