package org.unveil.ipfs.gateway;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.unveil.ipfs.Block;
import org.unveil.ipfs.CarReader;

/**
 * Reads and hash-checks CAR blocks on its own thread, a few ahead of the DAG walk that consumes
 * them, so network reads and hashing overlap with writing the file. Memory: {@link #DEPTH} blocks.
 */
final class CarPrefetch implements AutoCloseable {
    static final int DEPTH = 8;

    private record Item(Block block, IOException error, boolean end) {}

    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(DEPTH);
    private final Thread reader;
    private boolean finished;

    CarPrefetch(CarReader car) {
        reader = Thread.ofVirtual().name("unveil-fetch-prefetch").start(() -> {
            try {
                for (Block b = car.next(); b != null; b = car.next()) queue.put(new Item(b, null, false));
                queue.put(new Item(null, null, true));
            } catch (IOException e) {
                offer(new Item(null, e, false));
            } catch (RuntimeException | Error bug) {
                offer(new Item(null, new IOException("reading the CAR failed: " + bug, bug), false));
                throw bug;
            } catch (InterruptedException stop) {
                // the consumer is done; nothing more to hand over
            }
        });
    }

    /** The next verified block, or null at the end of the CAR. */
    Block next() throws IOException {
        if (finished) return null;
        Item item = null;
        try {
            // The reader always hands over an end or an error; the liveness check is a second line.
            while (item == null) {
                item = queue.poll(200, TimeUnit.MILLISECONDS);
                if (item == null && !reader.isAlive() && queue.isEmpty()) {
                    throw new IOException("CAR reader stopped without a result");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the next CAR block");
        }
        if (item.error() != null) throw item.error();
        if (item.end()) {
            finished = true;
            return null;
        }
        return item.block();
    }

    private void offer(Item item) {
        // A stall watchdog may have interrupted this thread to end the read: that interrupt was
        // for the read, not for handing over its error.
        Thread.interrupted();
        try {
            queue.put(item);
        } catch (InterruptedException stop) {
            // closed: the error has no reader left
        }
    }

    @Override
    public void close() {
        reader.interrupt();
    }
}
