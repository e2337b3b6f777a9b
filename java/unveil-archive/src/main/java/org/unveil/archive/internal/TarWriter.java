package org.unveil.archive.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Reproducible streaming ustar writer: every header byte depends only on the entry name and size
 * (mode 0644, uid/gid 0, mtime 0, no owner names), so the same entries give the same bytes. PAX
 * extended headers appear only for names over 100 bytes or sizes of 8 GiB and more. The caller
 * writes entries in the order the format requires; this class checks each entry's length.
 */
public final class TarWriter {
    private static final ByteBuffer ZEROS = ByteBuffer.allocate(2 * TarHeader.BLOCK).asReadOnlyBuffer();

    private final WritableByteChannel out;
    private long position;
    private long remaining = -1; // bytes still owed to the open entry, -1 when no entry is open
    private long entrySize;

    public TarWriter(WritableByteChannel out) {
        this.out = java.util.Objects.requireNonNull(out, "output channel required");
    }

    /** Bytes written so far, i.e. the archive offset of the next byte. */
    public long position() {
        return position;
    }

    public void beginEntry(String name, long size) throws IOException {
        if (remaining >= 0) throw new IllegalStateException("previous entry not finished");
        if (size < 0) throw new IllegalArgumentException("negative size " + size);
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        boolean longName = nameBytes.length > 100;
        boolean bigSize = size > TarHeader.MAX_OCTAL_SIZE;
        if (longName || bigSize) writePax(name, nameBytes, size, longName, bigSize);
        byte[] ustarName = longName ? truncatedName(name) : nameBytes;
        writeFully(ByteBuffer.wrap(TarHeader.encode(ustarName, size, TarHeader.TYPE_REGULAR)));
        remaining = size;
        entrySize = size;
    }

    public void write(ByteBuffer data) throws IOException {
        if (remaining < 0) throw new IllegalStateException("no entry open");
        if (data.remaining() > remaining) {
            throw new IllegalStateException("entry content exceeds its declared size " + entrySize);
        }
        remaining -= data.remaining();
        writeFully(data);
    }

    public void endEntry() throws IOException {
        if (remaining != 0) throw new IllegalStateException("entry is " + remaining + " bytes short of its declared size " + entrySize);
        pad(entrySize);
        remaining = -1;
    }

    /** Writes one complete entry from memory. */
    public void entry(String name, byte[] content) throws IOException {
        beginEntry(name, content.length);
        write(ByteBuffer.wrap(content));
        endEntry();
    }

    /** Writes the end-of-archive marker (two zero blocks). No record padding: readers need none. */
    public void finish() throws IOException {
        if (remaining >= 0) throw new IllegalStateException("entry not finished");
        writeFully(ZEROS.duplicate());
    }

    private void writePax(String name, byte[] nameBytes, long size, boolean longName, boolean bigSize) throws IOException {
        StringBuilder records = new StringBuilder();
        if (longName) records.append(paxRecord("path", name));
        if (bigSize) records.append(paxRecord("size", Long.toString(size)));
        byte[] body = records.toString().getBytes(StandardCharsets.UTF_8);
        String base = name.substring(name.lastIndexOf('/') + 1);
        byte[] paxName = ("PaxHeaders/" + base).getBytes(StandardCharsets.UTF_8);
        if (paxName.length > 100) paxName = truncatedName("PaxHeaders/" + base);
        writeFully(ByteBuffer.wrap(TarHeader.encode(paxName, body.length, TarHeader.TYPE_PAX)));
        writeFully(ByteBuffer.wrap(body));
        pad(body.length);
    }

    /** "LEN key=value\n" where LEN counts the whole record including its own digits. */
    static String paxRecord(String key, String value) {
        int payload = key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length + 3;
        int len = payload + Integer.toString(payload).length();
        if (Integer.toString(len).length() != Integer.toString(payload).length()) len++;
        return len + " " + key + "=" + value + "\n";
    }

    /** The first 100 bytes of the name, cut at a UTF-8 character boundary. */
    private static byte[] truncatedName(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(100, b.length);
        while (n > 0 && n < b.length && (b[n] & 0xc0) == 0x80) n--;
        return java.util.Arrays.copyOf(b, n);
    }

    private void pad(long size) throws IOException {
        int pad = (int) ((TarHeader.BLOCK - size % TarHeader.BLOCK) % TarHeader.BLOCK);
        if (pad > 0) writeFully(ByteBuffer.allocate(pad));
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) position += out.write(b);
    }
}
