package org.unveil.archive.internal.media;

import java.io.IOException;

/**
 * A FLAC frame header (RFC 9639, section 9.1), parsed from look-ahead bytes. A candidate counts
 * only if every field is valid, agrees with STREAMINFO, and its CRC-8 matches: audio data can
 * hold the sync code 0xFFF8 by chance, and these checks (with the frame CRC-16 and the frame
 * number the cutter checks) keep such a false sync from becoming a cut.
 *
 * @param variable true for variable block size streams (the number is a sample number)
 * @param number the frame number (fixed block size) or the first sample's number (variable)
 * @param blockSize samples per channel in the frame
 * @param length header bytes, CRC-8 included
 */
record FlacFrameHeader(boolean variable, long number, int blockSize, int length) {
    private static final int[] RATES = {0, 88_200, 176_400, 192_000, 8_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000, 96_000};
    private static final int[] BITS = {0, 8, 12, -1, 16, 20, 24, 32};

    /** The header at the input's position, or null if the bytes there are not one for this stream. */
    static FlacFrameHeader at(MediaInput in, FlacMetadata meta) throws IOException {
        if (in.peek(0) != 0xff) return null;
        int b1 = in.peek(1), b2 = in.peek(2), b3 = in.peek(3);
        if (b1 != 0xf8 && b1 != 0xf9 || b3 < 0) return null;
        int blockCode = b2 >>> 4, rateCode = b2 & 15, channelCode = b3 >>> 4, bitsCode = (b3 >>> 1) & 7;
        if (blockCode == 0 || rateCode == 15 || channelCode > 10 || BITS[bitsCode] < 0 || (b3 & 1) != 0) return null;
        if ((channelCode < 8 ? channelCode + 1 : 2) != meta.channels()) return null;
        if (bitsCode != 0 && BITS[bitsCode] != meta.bitsPerSample()) return null;
        int i = 4;
        int first = in.peek(i++);
        if (first < 0) return null;
        int extra = first < 0x80 ? 0 : first < 0xc0 ? -1 : first < 0xe0 ? 1 : first < 0xf0 ? 2 : first < 0xf8 ? 3 : first < 0xfc ? 4 : first < 0xfe ? 5 : first == 0xfe ? 6 : -1;
        if (extra < 0) return null;
        long number = extra == 0 ? first : first & (0x3f >>> extra);
        for (int k = 0; k < extra; k++) {
            int c = in.peek(i++);
            if (c < 0 || (c & 0xc0) != 0x80) return null;
            number = (number << 6) | (c & 0x3f);
        }
        int blockSize = switch (blockCode) {
            case 1 -> 192;
            case 2, 3, 4, 5 -> 576 << (blockCode - 2);
            case 6 -> in.peek(i++) + 1;
            case 7 -> (in.peek(i++) << 8 | in.peek(i++)) + 1;
            default -> 256 << (blockCode - 8);
        };
        int rate = switch (rateCode) {
            case 0 -> meta.sampleRate();
            case 12 -> in.peek(i++) * 1000;
            case 13 -> in.peek(i++) << 8 | in.peek(i++);
            case 14 -> (in.peek(i++) << 8 | in.peek(i++)) * 10;
            default -> RATES[rateCode];
        };
        int crc = in.peek(i);
        if (crc < 0 || blockSize < 1 || blockSize > meta.maxBlock() || rate != meta.sampleRate()) return null;
        int sum = 0;
        for (int k = 0; k < i; k++) sum = Crc.crc8(sum, in.peek(k));
        return sum == crc ? new FlacFrameHeader(b1 == 0xf9, number, blockSize, i + 1) : null;
    }
}
