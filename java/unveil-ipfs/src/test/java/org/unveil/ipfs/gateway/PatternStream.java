package org.unveil.ipfs.gateway;

import java.io.InputStream;

/**
 * The deterministic content of the Node harness's {@code content.mjs}: 1 MiB pieces of a fixed
 * pseudo-random block, each stamped with its index (big-endian) in its first four bytes. Both
 * languages generate it, so gigabyte interop cases need no file.
 */
final class PatternStream extends InputStream {
    static final int CHUNK = 1024 * 1024;
    private static final byte[] BASE = new byte[CHUNK];

    static {
        for (int j = 0; j < CHUNK; j++) BASE[j] = (byte) ((j * 0x9E3779B1) >>> 24);
    }

    private final long size;
    private long pos;

    PatternStream(long size) {
        this.size = size;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (pos >= size) return -1;
        int within = (int) (pos % CHUNK);
        int n = (int) Math.min(Math.min(len, CHUNK - within), size - pos);
        System.arraycopy(BASE, within, b, off, n);
        long index = pos / CHUNK;
        for (int k = within; k < 4 && k < within + n; k++) {
            b[off + k - within] = (byte) (index >>> (8 * (3 - k)));
        }
        pos += n;
        return n;
    }
}
