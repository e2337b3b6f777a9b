package org.unveil.keyholder.hiring;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Passes at most {@code limit} bytes and fails on the next one, so an oversized upload is cut while it streams, not after it landed. */
final class CappedInputStream extends FilterInputStream {
    /** The stream went past its limit; nothing after the limit was read. */
    static final class OverLimitException extends IOException {
        private static final long serialVersionUID = 1L;

        OverLimitException(long limit) {
            super("the upload is longer than " + limit + " bytes");
        }
    }

    private final long limit;
    private long count;

    CappedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) counted(1);
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        // Ask for one byte past the limit at most, so going over is seen without reading further.
        int n = super.read(buf, off, (int) Math.min(len, limit - count + 1));
        if (n > 0) counted(n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, limit - count + 1));
        counted(skipped);
        return skipped;
    }

    private void counted(long n) throws OverLimitException {
        count += n;
        if (count > limit) throw new OverLimitException(limit);
    }
}
