package org.unveil.archive.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** Passes bytes to the tar writer while hashing them on a background thread. */
final class HashingChannel implements WritableByteChannel {
    private final TarWriter tar;
    private final BatchedDigest digest;

    HashingChannel(TarWriter tar, BatchedDigest digest) {
        this.tar = tar;
        this.digest = digest;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        digest.update(src);
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
