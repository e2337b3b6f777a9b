package org.unveil.archive.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Flushes a file that is still being written to disk in the background, every {@link #EVERY}
 * bytes, so the fsync that makes the finished file durable (AtomicFiles.commit) finds little
 * left to write: the disk works while the CPU encrypts instead of after it. It only starts
 * writeback early; durability still comes from the final fsync, so its errors are left to that.
 */
public final class WriteBehind implements AutoCloseable {
    static final long EVERY = 64L << 20;
    private final FileChannel channel;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "unveil-write-behind");
        t.setDaemon(true);
        return t;
    });
    private Future<?> pending;
    private long flushedUpTo;

    /** Opens its own channel on {@code file}, so a flush never waits on the writer's channel. */
    public WriteBehind(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE);
    }

    /** Reports that the writer has reached {@code position}; starts a flush when enough is new and none runs. */
    public void written(long position) {
        if (position - flushedUpTo < EVERY || (pending != null && !pending.isDone())) return;
        flushedUpTo = position;
        pending = thread.submit(() -> {
            channel.force(false);
            return null;
        });
    }

    @Override
    public void close() throws IOException {
        try {
            if (pending != null) pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // the final fsync reports a failing disk; this flush was only an early start
        } finally {
            thread.shutdownNow();
            channel.close();
        }
    }
}
