package org.unveil.archive.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waits for the pipeline's background work and reports its failure as the caller's own. */
final class Await {
    private Await() {}

    /**
     * Returns when {@code task} is done; rethrows its I/O failure (also one wrapped in
     * {@link UncheckedIOException}) or runtime failure as is.
     *
     * @param doing what the task does, for messages ("hashing", "writing")
     */
    static void done(Future<?> task, String doing) throws IOException {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + doing);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException u) throw u.getCause();
            if (cause instanceof IOException io) throw io;
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IOException(doing + " failed: " + cause, cause);
        }
    }
}
