package org.unveil.ipfs;

import java.io.ByteArrayOutputStream;

/**
 * Unsigned LEB128 varints as the multiformats unsigned-varint spec restricts them: at most 9 bytes (63 bits) and
 * minimally encoded, so every value has exactly one encoding and CIDs compare byte for byte.
 */
final class Varint {
    static final int MAX_BYTES = 9;

    private Varint() {
    }

    static void write(long value, ByteArrayOutputStream out) {
        if (value < 0) {
            throw new IllegalArgumentException("varint value " + value + " is negative");
        }
        while (value >= 0x80) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    static int size(long value) {
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /** Decodes one varint from {@code buf} at {@code cursor.pos}, advancing it. */
    static long read(ByteCursor cursor) throws InvalidBlockException {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            int b = cursor.readByte();
            if (b == 0 && i > 0) {
                throw new InvalidBlockException("varint at offset " + cursor.position() + " is not minimally encoded");
            }
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new InvalidBlockException("varint at offset " + cursor.position() + " is longer than " + MAX_BYTES + " bytes");
    }
}
