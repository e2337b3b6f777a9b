package org.unveil.ipfs;

import java.util.Arrays;

/** A read position in a byte array; every read is bounds-checked so malformed input fails with a typed error. */
final class ByteCursor {
    private final byte[] buf;
    private int pos;
    private final int end;

    ByteCursor(byte[] buf) {
        this(buf, 0, buf.length);
    }

    ByteCursor(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
    }

    int position() {
        return pos;
    }

    boolean hasMore() {
        return pos < end;
    }

    int remaining() {
        return end - pos;
    }

    int readByte() throws InvalidBlockException {
        if (pos >= end) {
            throw new InvalidBlockException("unexpected end of data at offset " + pos);
        }
        return buf[pos++] & 0xff;
    }

    long readVarint() throws InvalidBlockException {
        return Varint.read(this);
    }

    byte[] readBytes(long n) throws InvalidBlockException {
        if (n < 0 || n > end - pos) {
            throw new InvalidBlockException("length " + n + " at offset " + pos + " runs past the end (" + (end - pos) + " bytes left)");
        }
        byte[] out = Arrays.copyOfRange(buf, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }

    /** A cursor over the next {@code n} bytes; this cursor skips past them. */
    ByteCursor slice(long n) throws InvalidBlockException {
        if (n < 0 || n > end - pos) {
            throw new InvalidBlockException("length " + n + " at offset " + pos + " runs past the end (" + (end - pos) + " bytes left)");
        }
        ByteCursor sub = new ByteCursor(buf, pos, pos + (int) n);
        pos += (int) n;
        return sub;
    }
}
