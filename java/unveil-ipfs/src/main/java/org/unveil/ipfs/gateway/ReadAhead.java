package org.unveil.ipfs.gateway;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.unveil.ipfs.BlockVisitor;
import org.unveil.ipfs.ByteRange;
import org.unveil.ipfs.BlockSource;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.DagScope;
import org.unveil.ipfs.DagWalker;

/**
 * Runs a DAG walk (disk reads and hash checks) on its own thread, a few blocks ahead of the
 * thread writing them to the network, so the two overlap. The queue bounds memory at
 * {@link #DEPTH} blocks; if the writer stops (client gone), the walker is interrupted.
 */
final class ReadAhead {
    static final int DEPTH = 8;
    private static final Item END = new Item(null, null, null);

    private record Item(Cid cid, byte[] block, IOException error) {}

    private ReadAhead() {}

    static void walk(Cid root, BlockSource src, DagScope scope, ByteRange range, BlockVisitor sink) throws IOException {
        BlockingQueue<Item> queue = new ArrayBlockingQueue<>(DEPTH);
        Thread walker = Thread.ofVirtual().name("unveil-gateway-readahead").start(() -> {
            Item last = END;
            try {
                DagWalker.walk(root, src, scope, range, (cid, block) -> put(queue, new Item(cid, block, null)));
            } catch (IOException e) {
                last = new Item(null, null, e);
            } catch (WriterGone stop) {
                return;
            } catch (RuntimeException bug) {
                // never leave the writer waiting for an end marker that will not come
                last = new Item(null, null, new IOException("walk of " + root + " failed: " + bug, bug));
            }
            try {
                queue.put(last);
            } catch (InterruptedException ignored) {
                // the writer is gone; nobody reads the end marker
            }
        });
        try {
            while (true) {
                Item item = queue.poll(1, TimeUnit.DAYS);
                if (item == null || item == END) return;
                if (item.error() != null) throw item.error();
                sink.visit(item.cid(), item.block());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while streaming " + root, e);
        } finally {
            walker.interrupt();
        }
    }

    private static void put(BlockingQueue<Item> queue, Item item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            throw new WriterGone();
        }
    }

    /** Unwinds the walk when the writer has gone away; never escapes this class. */
    private static final class WriterGone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WriterGone() {
            super(null, null, false, false);
        }
    }
}
