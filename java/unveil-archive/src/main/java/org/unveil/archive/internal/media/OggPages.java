package org.unveil.archive.internal.media;

import java.io.IOException;

/**
 * Reads Ogg pages (RFC 3533) one at a time into one page-sized buffer, checking each page's
 * capture pattern, version and CRC-32. Memory is one maximal page (65,307 bytes).
 */
final class OggPages {
    static final int CONTINUED = 0x01, FIRST = 0x02, LAST = 0x04;
    private static final int HEADER = 27;
    private final MediaInput in;
    private final byte[] page = new byte[HEADER + 255 + 255 * 255];

    /** The page just read; its bytes stay valid until the next {@link #next()}. */
    record Page(long offset, int flags, long granule, int serial, long sequence, int segments, int bodyLength, long end) {}

    OggPages(MediaInput in) {
        this.in = in;
    }

    /** The next page, or null at the end of the file. */
    Page next() throws IOException {
        long at = in.position();
        if (in.atEnd()) return null;
        if (!in.read(page, 0, HEADER)) throw truncated(at);
        if (page[0] != 'O' || page[1] != 'g' || page[2] != 'g' || page[3] != 'S') {
            throw new MediaFormatException(in.name() + " has no Ogg page at offset " + at + " (no \"OggS\" capture pattern): the file is corrupt or has trailing data");
        }
        if (page[4] != 0) throw new MediaFormatException(in.name() + ": the Ogg page at offset " + at + " has version " + (page[4] & 0xff) + ", not 0");
        int segments = page[26] & 0xff;
        if (!in.read(page, HEADER, segments)) throw truncated(at);
        int body = 0;
        for (int i = 0; i < segments; i++) body += page[HEADER + i] & 0xff;
        if (!in.read(page, HEADER + segments, body)) throw truncated(at);
        int stored = (int) le(22, 4);
        for (int i = 22; i < 26; i++) page[i] = 0;
        if (Crc.crc32Ogg(0, page, 0, HEADER + segments + body) != stored) {
            throw new MediaFormatException(in.name() + ": the Ogg page at offset " + at + " fails its CRC-32: the file is corrupt; re-encode or remux it"
                    + " (ffmpeg -i IN -c copy OUT) or cut it by bytes");
        }
        return new Page(at, page[5] & 0xff, le(6, 8), (int) le(14, 4), le(18, 4), segments, body, in.position());
    }

    /** Lacing value {@code i} of the current page: a value below 255 ends a packet. */
    int lacing(int i) {
        return page[HEADER + i] & 0xff;
    }

    /** Byte {@code i} of the current page's body, or -1 past it. */
    int body(Page p, int i) {
        return i < p.bodyLength() ? page[HEADER + p.segments() + i] & 0xff : -1;
    }

    /** Packets that end on the current page. */
    int packetsEnding(Page p) {
        int n = 0;
        for (int i = 0; i < p.segments(); i++) if (lacing(i) < 255) n++;
        return n;
    }

    private long le(int off, int len) {
        long v = 0;
        for (int i = len - 1; i >= 0; i--) v = (v << 8) | (page[off + i] & 0xff);
        return v;
    }

    private MediaFormatException truncated(long at) {
        return new MediaFormatException(in.name() + " ends inside the Ogg page at offset " + at + ": the file is truncated");
    }
}
