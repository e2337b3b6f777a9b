package org.unveil.ipfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;

/**
 * Reads a CARv1 stream one section at a time, verifying each block against its CID before returning it, so no
 * unverified byte ever leaves the reader. Bounded memory: one section (at most 2 MiB of block) at a time.
 * Rejects, with {@link CarFormatException} naming the offset: truncation, over-long or non-minimal varints,
 * sections over the limit, headers that are not CARv1, and blocks that do not hash to their CID.
 * {@link #close} closes the underlying stream.
 */
public final class CarReader implements AutoCloseable {
    /** go-car's and Helia's default header cap is far larger; a legitimate header with a few roots is < 1 KiB. */
    static final int MAX_HEADER_SIZE = 64 * 1024;
    /** The block limit plus room for the longest CID we accept. */
    static final int MAX_SECTION_SIZE = BlockLoader.MAX_BLOCK_SIZE + 256;

    private final InputStream in;
    private final List<Cid> roots;
    private long offset;

    public CarReader(InputStream in) throws IOException {
        this.in = Objects.requireNonNull(in, "input stream required");
        long headerLength = readVarint(false);
        if (headerLength == 0 || headerLength > MAX_HEADER_SIZE) {
            throw new CarFormatException("CAR header length " + headerLength + " at offset 0 is outside 1.."
                    + MAX_HEADER_SIZE + "; this is not a CARv1 stream");
        }
        this.roots = List.copyOf(CarHeader.decode(readFully((int) headerLength, "header")));
    }

    /** The header's roots (the trustless gateway spec says clients should not rely on them). */
    public List<Cid> roots() {
        return roots;
    }

    /** The next verified block, or null at the end of the stream. */
    public Block next() throws IOException {
        long sectionStart = offset;
        long length = readVarint(true);
        if (length < 0) {
            return null;
        }
        if (length == 0 || length > MAX_SECTION_SIZE) {
            throw new CarFormatException("CAR section at offset " + sectionStart + " has length " + length
                    + ", outside 1.." + MAX_SECTION_SIZE);
        }
        byte[] section = readFully((int) length, "section");
        ByteCursor cursor = new ByteCursor(section);
        Cid cid;
        try {
            cid = Cid.read(cursor);
        } catch (InvalidBlockException e) {
            throw new CarFormatException("CAR section at offset " + sectionStart + " has a malformed CID: " + e.getMessage());
        }
        byte[] data = cursor.readBytes(cursor.remaining());
        try {
            cid.verify(data);
        } catch (InvalidBlockException e) {
            throw new CarFormatException("CAR section at offset " + sectionStart + ": " + e.getMessage());
        }
        return new Block(cid, data);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Reads a varint; at a clean end of stream returns -1 if {@code eofAllowed}. */
    private long readVarint(boolean eofAllowed) throws IOException {
        long start = offset;
        long value = 0;
        for (int i = 0; i < Varint.MAX_BYTES; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0 && eofAllowed) {
                    return -1;
                }
                throw new CarFormatException("CAR truncated inside a varint at offset " + start);
            }
            offset++;
            if (b == 0 && i > 0) {
                throw new CarFormatException("varint at offset " + start + " is not minimally encoded");
            }
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new CarFormatException("varint at offset " + start + " is longer than " + Varint.MAX_BYTES + " bytes");
    }

    private byte[] readFully(int length, String what) throws IOException {
        byte[] buf = in.readNBytes(length);
        if (buf.length < length) {
            throw new CarFormatException("CAR truncated: " + what + " at offset " + offset + " needs " + length
                    + " bytes, stream ended after " + buf.length);
        }
        offset += length;
        return buf;
    }
}
