package org.unveil.ipfs;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * Writes a CARv1 stream (https://ipld.io/specs/transport/car/carv1/): the header, then one
 * {@code varint(length) | CID | block} section per {@link #write} call, in the caller's order. Nothing is buffered
 * beyond a small write buffer, so a CAR of any size streams. Blocks are written as given: callers pass blocks they
 * have verified (the {@link FsBlockStore} and {@link DagWalker} do). {@link #close} closes the underlying stream.
 */
public final class CarWriter implements AutoCloseable {
    private final OutputStream out;

    public CarWriter(OutputStream out, List<Cid> roots) throws IOException {
        Objects.requireNonNull(out, "output stream required");
        Objects.requireNonNull(roots, "roots required (may be empty)");
        this.out = new BufferedOutputStream(out, 64 * 1024);
        byte[] header = CarHeader.encode(roots);
        writeVarint(header.length);
        this.out.write(header);
    }

    /** Bytes of the header {@link #CarWriter(OutputStream, List)} writes for {@code roots}. */
    public static long headerLength(List<Cid> roots) {
        int header = CarHeader.encode(roots).length;
        return Varint.size(header) + header;
    }

    /** Bytes of the section {@link #write} writes for a block of {@code blockLength} bytes. */
    public static long sectionLength(Cid cid, long blockLength) {
        long body = cid.bytes().length + blockLength;
        return Varint.size(body) + body;
    }

    public void write(Cid cid, byte[] block) throws IOException {
        if (block.length > BlockLoader.MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("block " + cid + " is " + block.length + " bytes, over the "
                    + BlockLoader.MAX_BLOCK_SIZE + "-byte limit readers enforce");
        }
        byte[] cidBytes = cid.bytes();
        writeVarint((long) cidBytes.length + block.length);
        out.write(cidBytes);
        out.write(block);
    }

    /** Pushes buffered sections to the underlying stream (e.g. to stream an HTTP response as it is produced). */
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private void writeVarint(long value) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(Varint.MAX_BYTES);
        Varint.write(value, b);
        b.writeTo(out);
    }
}
