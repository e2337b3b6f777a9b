package org.unveil.archive.internal;

import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * SHA-256 computed on a second thread (feed it heap buffers: for direct buffers the JDK copies
 * through a small scratch array, which halves hashing speed), so hashing plaintext overlaps with encryption, decryption
 * and I/O on the caller's thread (both are CPU-bound at about the same speed). Callers alternate
 * between two buffers: {@link #update} first waits for the previous update, so a buffer passed in
 * may be refilled once the following update call has returned.
 */
public final class BackgroundDigest implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "unveil-sha256");
        t.setDaemon(true);
        return t;
    });
    private final MessageDigest digest = ArchiveLayoutWriter.sha256();
    private Future<?> pending;

    /** Hashes {@code buffer}'s remaining bytes in the background; the buffer must stay unchanged until the next call. */
    public void update(ByteBuffer buffer) throws InterruptedIOException {
        await();
        ByteBuffer view = buffer.duplicate();
        pending = thread.submit(() -> digest.update(view));
    }

    /** Waits for pending work and returns the digest (which resets it). */
    public byte[] digest() throws InterruptedIOException {
        await();
        return digest.digest();
    }

    private void await() throws InterruptedIOException {
        if (pending == null) return;
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        } catch (ExecutionException e) {
            throw new IllegalStateException("hashing failed", e.getCause());
        } finally {
            pending = null;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
