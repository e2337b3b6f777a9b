package org.unveil.archive.internal;

/** MPEG audio layer III frame headers (ISO 11172-3 / 13818-3 and the MPEG 2.5 extension). */
final class Mp3Frames {
    private static final int[][] BITRATE_KBPS = {
        {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, -1}, // MPEG 1
        {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, -1},     // MPEG 2 and 2.5
    };
    private static final int[][] SAMPLE_RATE = {{44100, 48000, 32000}, {22050, 24000, 16000}, {11025, 12000, 8000}};

    /** A decoded header: frame length in bytes, samples per frame, sample rate, and where the side info ends. */
    record Header(int length, int samples, int sampleRate, int sideInfoEnd) {}

    private Mp3Frames() {}

    /** The header at b[off..off+4), or null if those bytes are not a layer III frame header (free format included). */
    static Header parse(byte[] b, int off) {
        int h = ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
        if ((h >>> 21) != 0x7ff) return null;
        int version = (h >>> 19) & 3; // 0 = 2.5, 1 = reserved, 2 = MPEG 2, 3 = MPEG 1
        int layer = (h >>> 17) & 3;   // 1 = layer III
        int bitrateIndex = (h >>> 12) & 15;
        int rateIndex = (h >>> 10) & 3;
        int padding = (h >>> 9) & 1;
        int mode = (h >>> 6) & 3;     // 3 = mono
        if (version == 1 || layer != 1 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) return null;
        boolean mpeg1 = version == 3;
        int kbps = BITRATE_KBPS[mpeg1 ? 0 : 1][bitrateIndex];
        int rate = SAMPLE_RATE[mpeg1 ? 0 : version == 2 ? 1 : 2][rateIndex];
        int samples = mpeg1 ? 1152 : 576;
        int length = (samples / 8) * kbps * 1000 / rate + padding;
        int sideInfo = mpeg1 ? (mode == 3 ? 17 : 32) : (mode == 3 ? 9 : 17);
        return new Header(length, samples, rate, 4 + sideInfo);
    }
}
