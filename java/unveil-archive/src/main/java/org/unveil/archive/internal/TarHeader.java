package org.unveil.archive.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.unveil.archive.ArchiveFormatException;

/**
 * One 512-byte ustar header block: encoding for the reproducible writer and strict decoding for
 * the reader. Only the fields the archive format uses are exposed.
 */
public final class TarHeader {
    public static final int BLOCK = 512;
    /** Largest size an 11-digit octal field holds; at or above it the writer adds a PAX size record. */
    public static final long MAX_OCTAL_SIZE = 077777777777L;
    public static final byte TYPE_REGULAR = '0';
    public static final byte TYPE_PAX = 'x';

    private static final int NAME = 0, MODE = 100, UID = 108, GID = 116, SIZE = 124, MTIME = 136,
            CHKSUM = 148, TYPE = 156, LINKNAME = 157, MAGIC = 257, VERSION = 263, PREFIX = 345;

    private TarHeader() {}

    /** Encodes a header with mode 0644, uid/gid 0, mtime 0, empty owner names: every byte is fixed by (name, size, type). */
    public static byte[] encode(byte[] name, long size, byte type) {
        if (name.length == 0 || name.length > 100) throw new IllegalArgumentException("tar name must be 1..100 bytes, got " + name.length);
        byte[] h = new byte[BLOCK];
        System.arraycopy(name, 0, h, NAME, name.length);
        octal(h, MODE, 8, 0644);
        octal(h, UID, 8, 0);
        octal(h, GID, 8, 0);
        octal(h, SIZE, 12, size > MAX_OCTAL_SIZE ? 0 : size);
        octal(h, MTIME, 12, 0);
        h[TYPE] = type;
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, MAGIC, 6);
        h[VERSION] = '0';
        h[VERSION + 1] = '0';
        Arrays.fill(h, CHKSUM, CHKSUM + 8, (byte) ' ');
        int sum = checksum(h);
        octal(h, CHKSUM, 7, sum); // 6 digits + NUL, then the space already there
        h[CHKSUM + 7] = ' ';
        return h;
    }

    private static void octal(byte[] h, int off, int len, long value) {
        String s = Long.toOctalString(value);
        int digits = len - 1;
        if (s.length() > digits) throw new IllegalArgumentException("value " + value + " does not fit " + digits + " octal digits");
        for (int i = 0; i < digits - s.length(); i++) h[off + i] = '0';
        for (int i = 0; i < s.length(); i++) h[off + digits - s.length() + i] = (byte) s.charAt(i);
        h[off + digits] = 0;
    }

    static int checksum(byte[] h) {
        int sum = 0;
        for (int i = 0; i < BLOCK; i++) sum += (i >= CHKSUM && i < CHKSUM + 8) ? ' ' : (h[i] & 0xff);
        return sum;
    }

    static boolean isZero(byte[] block) {
        for (byte b : block) if (b != 0) return false;
        return true;
    }

    /** A decoded header; name is prefix/name joined, size is the ustar field (a PAX record may override it). */
    public record Decoded(String name, long size, byte type) {}

    /** Decodes and checks a header block: checksum, ustar magic and version, octal fields, no link target. */
    static Decoded decode(byte[] h, long offset) throws ArchiveFormatException {
        long stored = parseOctal(h, CHKSUM, 8, "checksum", offset);
        if (stored != checksum(h)) {
            throw new ArchiveFormatException("tar header at offset " + offset + " has checksum " + stored
                    + " but its bytes sum to " + checksum(h) + "; the archive is corrupt");
        }
        if (!Arrays.equals(h, MAGIC, MAGIC + 6, "ustar\0".getBytes(StandardCharsets.US_ASCII), 0, 6)
                || h[VERSION] != '0' || h[VERSION + 1] != '0') {
            throw new ArchiveFormatException("tar header at offset " + offset + " is not POSIX ustar (magic/version); only ustar archives are accepted");
        }
        if (h[LINKNAME] != 0) throw new ArchiveFormatException("tar header at offset " + offset + " has a link target; links are not allowed");
        String name = cString(h, PREFIX, 155, offset);
        String base = cString(h, NAME, 100, offset);
        if (!name.isEmpty()) name = name + "/" + base; else name = base;
        parseOctal(h, MODE, 8, "mode", offset);
        parseOctal(h, UID, 8, "uid", offset);
        parseOctal(h, GID, 8, "gid", offset);
        parseOctal(h, MTIME, 12, "mtime", offset);
        long size = parseOctal(h, SIZE, 12, "size", offset);
        return new Decoded(name, size, h[TYPE]);
    }

    private static String cString(byte[] h, int off, int len, long offset) throws ArchiveFormatException {
        int end = off;
        while (end < off + len && h[end] != 0) end++;
        for (int i = end; i < off + len; i++) {
            if (h[i] != 0) throw new ArchiveFormatException("tar header at offset " + offset + " has bytes after the NUL of a name field");
        }
        return Utf8.decodeStrict(h, off, end - off, "tar entry name at offset " + offset);
    }

    /** Octal digits, optionally space-padded in front, terminated by NUL or space; base-256 and signs rejected. */
    static long parseOctal(byte[] h, int off, int len, String field, long offset) throws ArchiveFormatException {
        int i = off, end = off + len;
        while (i < end && h[i] == ' ') i++;
        long v = 0;
        int digits = 0;
        for (; i < end && h[i] >= '0' && h[i] <= '7'; i++, digits++) {
            v = (v << 3) | (h[i] - '0');
        }
        for (; i < end; i++) {
            if (h[i] != 0 && h[i] != ' ') {
                throw new ArchiveFormatException("tar header at offset " + offset + ": field " + field + " is not octal (byte 0x"
                        + Integer.toHexString(h[i] & 0xff) + ")");
            }
        }
        if (digits == 0 || digits > 11) throw new ArchiveFormatException("tar header at offset " + offset + ": field " + field + " has " + digits + " octal digits");
        return v;
    }
}
