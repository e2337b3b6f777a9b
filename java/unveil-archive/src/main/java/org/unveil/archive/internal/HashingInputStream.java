package org.unveil.archive.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Hashes every byte read through it on a background thread. */
final class HashingInputStream extends FilterInputStream {
    private final BatchedDigest digest;

    HashingInputStream(InputStream in, BatchedDigest digest) {
        super(in);
        this.digest = digest;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) digest.update(new byte[] {(byte) b}, 0, 1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) digest.update(b, off, n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
