package org.unveil.archive.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Passes bytes to the tar writer while hashing them on a background thread. The writer of this
 * channel (jagged, or the preview copy loop) may reuse its buffer as soon as write returns, so
 * each block is copied into one of two alternating buffers that the digest thread reads.
 */
final class HashingChannel implements WritableByteChannel {
    private final TarWriter tar;
    private final BackgroundDigest digest;
    private final ByteBuffer[] copies = new ByteBuffer[2];
    private int turn;

    HashingChannel(TarWriter tar, BackgroundDigest digest) {
        this.tar = tar;
        this.digest = digest;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        int slot = turn++ & 1;
        if (copies[slot] == null || copies[slot].capacity() < n) copies[slot] = ByteBuffer.allocate(Math.max(n, 128 * 1024));
        ByteBuffer copy = copies[slot].clear();
        // The previous update using this slot finished when the last update() call returned.
        copy.put(src.duplicate()).flip();
        digest.update(copy);
        tar.write(src);
        return n;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {}
}
