package org.unveil.archive.internal.media;

/**
 * Reassembles the PSI sections (PAT, PMT) carried on one PID from the payloads of its TS packets,
 * following the pointer field, and checks each section's CRC-32. PAT and PMT sections are at most
 * 1024 bytes (ISO/IEC 13818-1 2.4.4), so one fixed buffer holds any of them.
 */
final class TsSections {
    interface Handler {
        void section(byte[] section, int length);
    }

    private static final int MAX = 1024;
    private static final int[] CRC = crcTable();

    private final String name;
    private final byte[] buf = new byte[MAX];
    private int have;
    private boolean inSection;

    TsSections(String name) {
        this.name = name;
    }

    void feed(byte[] p, int off, int len, boolean unitStart, long offset, Handler h) {
        int end = off + len;
        if (!unitStart) {
            if (inSection) append(p, off, end, offset, h);
            return;
        }
        if (len == 0) throw corrupt(offset, "a PSI packet without a pointer field");
        int pointer = p[off++] & 0xFF;
        if (off + pointer > end) throw corrupt(offset, "a PSI pointer field past the end of its packet");
        if (inSection) append(p, off, off + pointer, offset, h);
        inSection = false;
        off += pointer;
        // Several sections may start in one packet; 0xFF where a table id would be is stuffing.
        while (off < end && (p[off] & 0xFF) != 0xFF) {
            inSection = true;
            have = 0;
            off = append(p, off, end, offset, h);
            if (inSection) return;
        }
    }

    /** Appends to the section in progress; returns where its bytes stopped being needed. */
    private int append(byte[] p, int off, int end, long offset, Handler h) {
        if (have < 3) {
            int take = Math.min(3 - have, end - off);
            System.arraycopy(p, off, buf, have, take);
            have += take;
            off += take;
            if (have < 3) return off;
            if (length() > MAX) throw corrupt(offset, "a PSI section of " + length() + " bytes (at most " + MAX + ")");
        }
        int take = Math.min(length() - have, end - off);
        System.arraycopy(p, off, buf, have, take);
        have += take;
        off += take;
        if (have == length()) {
            inSection = false;
            if (crc(buf, have) != 0) throw corrupt(offset, "a PAT or PMT whose CRC-32 does not match");
            h.section(buf, have);
        }
        return off;
    }

    private int length() {
        return 3 + (((buf[1] & 0x0F) << 8) | (buf[2] & 0xFF));
    }

    private MediaFormatException corrupt(long offset, String what) {
        return new MediaFormatException(name + " has " + what + " in the TS packet at offset " + offset + "; the file is corrupt");
    }

    /** CRC-32/MPEG-2 (polynomial 0x04C11DB7, not reflected, initial value all ones); 0 over a whole valid section. */
    static int crc(byte[] b, int len) {
        int c = -1;
        for (int i = 0; i < len; i++) c = (c << 8) ^ CRC[((c >>> 24) ^ b[i]) & 0xFF];
        return c;
    }

    private static int[] crcTable() {
        int[] t = new int[256];
        for (int i = 0; i < 256; i++) {
            int c = i << 24;
            for (int k = 0; k < 8; k++) c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
            t[i] = c;
        }
        return t;
    }
}
