package org.unveil.archive.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A channel over an input stream that reads straight into heap buffers and in blocks of up to
 * 1 MiB otherwise; {@code Channels.newChannel} copies through an 8 KiB array, which costs
 * noticeable time per gigabyte.
 */
public final class StreamChannel implements ReadableByteChannel {
    private final InputStream in;
    private byte[] scratch;
    private boolean open = true;

    public StreamChannel(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) return 0;
        if (dst.hasArray()) {
            int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            if (n > 0) dst.position(dst.position() + n);
            return n;
        }
        if (scratch == null) scratch = new byte[1 << 20];
        int n = in.read(scratch, 0, Math.min(scratch.length, dst.remaining()));
        if (n > 0) dst.put(scratch, 0, n);
        return n;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false; // the stream belongs to the caller
    }
}
