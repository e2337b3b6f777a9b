package org.unveil.archive.internal.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a file front to back in fixed-size blocks on a background thread, up to two blocks ahead
 * of the caller. A cutter parsing one block while the disk is idle would take the disk's time plus
 * its own; with the reads ahead of it, it takes the larger of the two (on a cold cache, the
 * disk's). Holds three blocks, whatever the file size.
 */
final class BlockReader implements AutoCloseable {
    /** A block: {@code bytes[0, length)} are the file's bytes from {@code offset}. */
    static final class Block {
        final byte[] bytes;
        long offset;
        int length;
        private IOException failure;

        Block(int size) {
            bytes = new byte[size];
        }
    }

    private static final Block END = new Block(0);
    private static final int BLOCKS = 3;

    private final BlockingQueue<Block> free = new ArrayBlockingQueue<>(BLOCKS);
    private final BlockingQueue<Block> filled = new ArrayBlockingQueue<>(BLOCKS + 1);
    private final Thread reader;
    private Block current;
    private boolean ended;

    /** Reads {@code ch} from 0 to {@code size} in blocks of {@code blockSize} bytes (the last may be shorter). */
    BlockReader(FileChannel ch, long size, int blockSize, String name) {
        for (int i = 0; i < BLOCKS; i++) free.add(new Block(blockSize));
        reader = Thread.ofPlatform().daemon().name("read-ahead " + name).start(() -> {
            try {
                for (long offset = 0; offset < size; ) {
                    Block b = free.take();
                    b.offset = offset;
                    b.length = (int) Math.min(blockSize, size - offset);
                    ByteBuffer buf = ByteBuffer.wrap(b.bytes, 0, b.length);
                    try {
                        while (buf.hasRemaining()) {
                            if (ch.read(buf, offset + buf.position()) < 0) throw new IOException(name + " shrank while being read");
                        }
                    } catch (IOException e) {
                        b.failure = e;
                        filled.put(b);
                        return;
                    }
                    filled.put(b);
                    offset += b.length;
                }
                filled.put(END);
            } catch (InterruptedException e) {
                // close(): the caller stopped reading
            }
        });
    }

    /** The next block, or null at the end of the file; the block returned before is reused. */
    Block next() throws IOException {
        if (current != null) free.add(current);
        current = null;
        if (ended) return null;
        Block b;
        try {
            b = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading", e);
        }
        if (b == END) {
            ended = true;
            return null;
        }
        if (b.failure != null) {
            ended = true; // the reader has stopped: nothing more will come
            throw b.failure;
        }
        return current = b;
    }

    @Override
    public void close() {
        reader.interrupt();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
