package org.unveil.ipfs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Makes written files durable off the writer's path: they are fsynced in small batches on a few
 * background threads while more are being written, and their directories once at the end. One
 * fsync per 1 MiB block, one after another after the writing, took longer than the writing itself
 * (a GiB is 1,024 files); overlapped and in parallel the disk merges the flushes. {@link #sync}
 * returns once every file handed over so far is durable, or throws and keeps the files for the
 * next attempt.
 */
final class BackgroundSync implements AutoCloseable {
    static final int BATCH = 16;
    private static final int THREADS = 4;
    /** Batches queued or running before the writer waits. */
    private static final int MAX_IN_FLIGHT = 8;
    /** The most files ever written but not yet known durable: what a power loss can take before a sync. */
    static final int MAX_NOT_DURABLE = BATCH * (MAX_IN_FLIGHT + 1);

    private record Batch(List<Path> files, Future<?> done) {}

    private final List<Path> pending = new ArrayList<>();
    private final Deque<Batch> inFlight = new ArrayDeque<>();
    private final Set<Path> directories = new LinkedHashSet<>();
    private ExecutorService pool;

    /** Hands over a file that was just written (or rewritten). */
    synchronized void written(Path file) throws IOException {
        pending.add(file);
        if (pending.size() >= BATCH) submitPending();
        while (inFlight.size() > MAX_IN_FLIGHT) finish(inFlight.peekFirst());
    }

    /** Files handed over whose fsync has not finished yet. */
    synchronized int notYetDurable() {
        int n = pending.size();
        for (Batch b : inFlight) {
            if (!b.done().isDone()) n += b.files().size();
        }
        return n;
    }

    /** Returns when every file handed over, and every directory holding one, is on disk. */
    synchronized void sync() throws IOException {
        if (!pending.isEmpty()) submitPending();
        IOException failure = null;
        while (!inFlight.isEmpty()) {
            try {
                finish(inFlight.peekFirst());
            } catch (IOException e) {
                if (failure == null) failure = e;
            }
        }
        if (failure != null) throw failure;
        List<Future<?>> dirs = new ArrayList<>();
        for (Path dir : directories) dirs.add(pool().submit(() -> force(dir)));
        for (Future<?> f : dirs) {
            try {
                await(f);
            } catch (IOException e) {
                if (failure == null) failure = e;
            }
        }
        if (failure != null) throw failure;
        directories.clear();
    }

    private void submitPending() {
        List<Path> files = List.copyOf(pending);
        pending.clear();
        for (Path f : files) directories.add(f.getParent());
        inFlight.addLast(new Batch(files, pool().submit(() -> {
            for (Path f : files) force(f);
            return null;
        })));
    }

    /** Waits for the oldest batch; on failure its files go back to pending, so a later sync retries them. */
    private void finish(Batch b) throws IOException {
        inFlight.remove(b);
        try {
            await(b.done());
        } catch (IOException e) {
            pending.addAll(b.files());
            throw e;
        }
    }

    private static Void force(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (NoSuchFileException collected) {
            // gc removed it after it was written; nothing left to make durable
        }
        return null;
    }

    private static void await(Future<?> f) throws IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for fsync");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException("fsync failed: " + e.getCause(), e.getCause());
        }
    }

    private ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(THREADS, r -> {
                Thread t = new Thread(r, "unveil-blockstore-fsync");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** Stops the threads; call {@link #sync} first for durability. */
    @Override
    public synchronized void close() {
        if (pool != null) pool.shutdown();
    }
}
