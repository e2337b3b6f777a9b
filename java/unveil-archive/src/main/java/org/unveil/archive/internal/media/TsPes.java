package org.unveil.archive.internal.media;

/**
 * The header of a PES packet as it appears at the start of a TS payload (ISO/IEC 13818-1 2.4.3.6):
 * its length, the 33-bit decoding time (the DTS, or the PTS when there is no DTS), and where the
 * elementary stream data begins.
 *
 * @param length bytes of the whole PES packet (header included), 0 when unbounded (video)
 * @param time DTS or PTS, -1 when the packet carries neither
 * @param dataStart offset in the payload where the elementary stream bytes begin (may be past the
 *     payload when the header continues in the next packet)
 */
record TsPes(int length, long time, int dataStart) {
    /** Null when the payload does not start with a PES start code. */
    static TsPes parse(byte[] b, int off, int len) {
        if (len < 6 || b[off] != 0 || b[off + 1] != 0 || b[off + 2] != 1) return null;
        int streamId = b[off + 3] & 0xFF;
        int packetLength = ((b[off + 4] & 0xFF) << 8) | (b[off + 5] & 0xFF);
        int length = packetLength == 0 ? 0 : 6 + packetLength;
        if (!hasOptionalHeader(streamId)) return new TsPes(length, -1, 6);
        if (len < 9) return new TsPes(length, -1, 9);
        int flags = (b[off + 7] & 0xC0) >> 6;
        int dataStart = 9 + (b[off + 8] & 0xFF);
        long time = -1;
        if (flags == 3 && len >= 19) time = timestamp(b, off + 14);
        else if (flags >= 2 && len >= 14) time = timestamp(b, off + 9);
        return new TsPes(length, time, dataStart);
    }

    /** Stream ids without the optional PES header: program stream map, padding, private 2, ECM, EMM, DSM-CC, H.222.1 type E, directory. */
    private static boolean hasOptionalHeader(int id) {
        return id != 0xBC && id != 0xBE && id != 0xBF && id != 0xF0 && id != 0xF1 && id != 0xF2 && id != 0xF8 && id != 0xFF;
    }

    private static long timestamp(byte[] b, int at) {
        return ((long) (b[at] & 0x0E) << 29) | ((b[at + 1] & 0xFF) << 22) | ((b[at + 2] & 0xFE) << 14)
                | ((b[at + 3] & 0xFF) << 7) | ((b[at + 4] & 0xFF) >> 1);
    }
}
