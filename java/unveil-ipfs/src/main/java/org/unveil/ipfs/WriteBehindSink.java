package org.unveil.ipfs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Stores the importer's blocks on a second thread, in order, while the importer reads and hashes
 * the next chunks: on two cores the disk writes (mostly kernel time copying into the page cache)
 * and the hashing overlap instead of alternating. Only the importer uses it, with blocks it has
 * just hashed, so they go to the target through {@link VerifiedPut}. At most {@link #DEPTH} blocks
 * wait. {@link #finish} returns once every block is stored, or throws the first failure.
 */
final class WriteBehindSink implements BlockSink, AutoCloseable {
    private static final int DEPTH = 4;
    private static final Item END = new Item(null, null);

    private record Item(Cid cid, byte[] block) {}

    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(DEPTH);
    private final Thread writer;
    private volatile Throwable failure;
    private boolean finished;

    WriteBehindSink(BlockSink target) {
        writer = Thread.ofPlatform().daemon().name("unveil-import-writer").start(() -> {
            try {
                for (Item item = queue.take(); item != END; item = queue.take()) {
                    VerifiedPut.put(target, item.cid(), item.block());
                }
            } catch (InterruptedException stopped) {
                // close() without finish(): the import failed and nobody waits for the rest
            } catch (IOException | RuntimeException e) {
                failure = e;
                queue.clear(); // unblocks a producer waiting for room; it sees the failure on its next put
            }
        });
    }

    @Override
    public void put(Cid cid, byte[] block) throws IOException {
        rethrow();
        try {
            queue.put(new Item(cid, block));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while storing blocks");
        }
        rethrow();
    }

    /** Waits until every block handed over is stored. */
    void finish() throws IOException {
        try {
            while (writer.isAlive() && !queue.offer(END, 50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                rethrow();
            }
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while storing blocks");
        }
        finished = true;
        rethrow();
    }

    private void rethrow() throws IOException {
        Throwable f = failure;
        if (f instanceof IOException io) throw new IOException(io.getMessage(), io);
        if (f instanceof RuntimeException re) throw re;
    }

    @Override
    public void close() {
        if (!finished) writer.interrupt();
    }
}
