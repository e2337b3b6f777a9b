package org.unveil.archive.internal;

import java.io.InterruptedIOException;
import java.nio.ByteBuffer;

/**
 * Copies small writes into 1 MiB blocks and hashes full blocks on a {@link BackgroundDigest}
 * thread, for byte streams whose producer reuses its buffers (jagged hands out 64 KiB chunks).
 * One hand-off per MiB keeps the thread overhead negligible.
 */
public final class BatchedDigest implements AutoCloseable {
    private static final int BLOCK = 1 << 20;
    private final BackgroundDigest digest = new BackgroundDigest();
    private final ByteBuffer[] blocks = new ByteBuffer[BackgroundDigest.DEPTH + 1];
    private int turn;

    /** The block to fill now, allocated on first use: most fragments are small and need only one. */
    private ByteBuffer current() {
        int i = turn % blocks.length;
        if (blocks[i] == null) blocks[i] = ByteBuffer.allocate(BLOCK);
        return blocks[i];
    }

    public void update(byte[] b, int off, int len) throws InterruptedIOException {
        while (len > 0) {
            ByteBuffer block = current();
            int n = Math.min(len, block.remaining());
            block.put(b, off, n);
            off += n;
            len -= n;
            if (!block.hasRemaining()) handOff();
        }
    }

    public void update(ByteBuffer src) throws InterruptedIOException {
        ByteBuffer s = src.duplicate();
        while (s.hasRemaining()) {
            ByteBuffer block = current();
            int n = Math.min(s.remaining(), block.remaining());
            block.put(s.slice(s.position(), n));
            s.position(s.position() + n);
            if (!block.hasRemaining()) handOff();
        }
    }

    /** Hashes what is left and returns the SHA-256. */
    public byte[] digest() throws InterruptedIOException {
        if (current().position() > 0) handOff();
        return digest.digest();
    }

    private void handOff() throws InterruptedIOException {
        ByteBuffer full = current().flip();
        digest.update(full); // waits for the hash DEPTH blocks back, so the next block is free again
        turn++;
        current().clear();
    }

    @Override
    public void close() {
        digest.close();
    }
}
