package org.unveil.archive.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.unveil.archive.ArchiveFormatException;

/**
 * Strict streaming ustar reader. Accepts only what {@link TarWriter} can produce: regular files,
 * optionally preceded by one PAX header carrying {@code path} and/or {@code size}. Links,
 * directories, devices, GNU extensions, global PAX headers, non-zero padding and data after the
 * end marker are rejected. Memory is bounded by one header block plus a PAX header capped at
 * {@link #MAX_PAX_SIZE}.
 */
public final class TarReader {
    static final int MAX_PAX_SIZE = 64 * 1024;

    /** One entry: its safe relative name and exact content size. */
    public record Entry(String name, long size, long headerOffset) {}

    private final InputStream in;
    private long position;
    private long remaining; // unread content bytes of the current entry
    private int padding;    // padding bytes after the current entry's content
    private boolean ended;

    public TarReader(InputStream in) {
        this.in = java.util.Objects.requireNonNull(in, "input stream required");
    }

    /** The next entry, or null at the end-of-archive marker. Skips unread content of the previous entry. */
    public Entry next() throws IOException {
        if (ended) return null;
        skipRest();
        Map<String, String> pax = null;
        while (true) {
            long headerOffset = position;
            byte[] block = readBlock();
            if (TarHeader.isZero(block)) {
                byte[] second = readBlock();
                if (!TarHeader.isZero(second)) throw new ArchiveFormatException("tar end marker at offset " + headerOffset + " is a single zero block followed by data");
                if (pax != null) throw new ArchiveFormatException("PAX header at the end of the archive belongs to no entry");
                requireOnlyZerosToEnd();
                ended = true;
                return null;
            }
            TarHeader.Decoded h = TarHeader.decode(block, headerOffset);
            if (h.type() == TarHeader.TYPE_PAX) {
                if (pax != null) throw new ArchiveFormatException("two PAX headers in a row at offset " + headerOffset);
                pax = readPax(h.size(), headerOffset);
                continue;
            }
            if (h.type() != TarHeader.TYPE_REGULAR && h.type() != 0) {
                throw new ArchiveFormatException("tar entry '" + h.name() + "' at offset " + headerOffset + " has type '"
                        + printable(h.type()) + "'; only regular files are allowed (no links, directories or devices)");
            }
            String name = h.name();
            long size = h.size();
            if (pax != null) {
                if (pax.containsKey("path")) name = pax.get("path");
                if (pax.containsKey("size")) size = parsePaxSize(pax.get("size"), headerOffset);
            }
            EntryNames.requireSafe(name);
            remaining = size;
            padding = (int) ((TarHeader.BLOCK - size % TarHeader.BLOCK) % TarHeader.BLOCK);
            return new Entry(name, size, headerOffset);
        }
    }

    /** Reads up to len content bytes of the current entry; -1 at its end. */
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) return -1;
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) throw truncated();
        remaining -= n;
        position += n;
        return n;
    }

    /** The current entry's content as a stream that ends at the entry's end. */
    public InputStream content() {
        return new InputStream() {
            @Override public int read() throws IOException {
                byte[] one = new byte[1];
                int n = TarReader.this.read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }
            @Override public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : TarReader.this.read(b, off, len);
            }
        };
    }

    /** Archive offset of the next byte this reader will consume. */
    public long position() {
        return position;
    }

    private void skipRest() throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (remaining > 0) read(buf, 0, (int) Math.min(buf.length, remaining));
        if (padding > 0) {
            byte[] pad = readExactly(padding);
            for (byte b : pad) {
                if (b != 0) throw new ArchiveFormatException("non-zero padding after an entry, before offset " + position);
            }
            padding = 0;
        }
    }

    private Map<String, String> readPax(long size, long offset) throws IOException {
        if (size > MAX_PAX_SIZE) throw new ArchiveFormatException("PAX header at offset " + offset + " is " + size + " bytes; the limit is " + MAX_PAX_SIZE);
        byte[] body = readExactly((int) size);
        int pad = (int) ((TarHeader.BLOCK - size % TarHeader.BLOCK) % TarHeader.BLOCK);
        for (byte b : readExactly(pad)) if (b != 0) throw new ArchiveFormatException("non-zero padding after the PAX header at offset " + offset);
        Map<String, String> records = new HashMap<>();
        int i = 0;
        while (i < body.length) {
            int sp = i;
            while (sp < body.length && body[sp] >= '0' && body[sp] <= '9' && sp - i < 6) sp++;
            if (sp == i || sp >= body.length || body[sp] != ' ') throw new ArchiveFormatException("malformed PAX record length at offset " + offset);
            int len = Integer.parseInt(new String(body, i, sp - i, StandardCharsets.US_ASCII));
            if (len <= sp - i + 1 || i + len > body.length || body[i + len - 1] != '\n') {
                throw new ArchiveFormatException("PAX record of length " + len + " does not fit its header at offset " + offset);
            }
            String record = Utf8.decodeStrict(body, sp + 1, i + len - 1 - (sp + 1), "PAX record");
            int eq = record.indexOf('=');
            if (eq <= 0) throw new ArchiveFormatException("PAX record without key=value at offset " + offset);
            String key = record.substring(0, eq);
            if (!key.equals("path") && !key.equals("size")) {
                throw new ArchiveFormatException("PAX key '" + key + "' at offset " + offset + " is not allowed (only path and size)");
            }
            if (records.put(key, record.substring(eq + 1)) != null) throw new ArchiveFormatException("duplicate PAX key '" + key + "' at offset " + offset);
            i += len;
        }
        return records;
    }

    private static long parsePaxSize(String s, long offset) throws ArchiveFormatException {
        if (!s.matches("0|[1-9][0-9]{0,18}")) throw new ArchiveFormatException("PAX size '" + s + "' at offset " + offset + " is not a decimal size");
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ArchiveFormatException("PAX size '" + s + "' at offset " + offset + " is too large");
        }
    }

    private void requireOnlyZerosToEnd() throws IOException {
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                if (buf[i] != 0) throw new ArchiveFormatException("data after the tar end marker at offset " + (position + i));
            }
            position += n;
        }
    }

    private byte[] readBlock() throws IOException {
        return readExactly(TarHeader.BLOCK);
    }

    private byte[] readExactly(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        position += b.length;
        if (b.length != n) throw truncated();
        return b;
    }

    private ArchiveFormatException truncated() {
        return new ArchiveFormatException("archive is truncated at offset " + position + "; download it again",
                new EOFException());
    }

    private static String printable(byte b) {
        return b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("0x%02x", b & 0xff);
    }
}
