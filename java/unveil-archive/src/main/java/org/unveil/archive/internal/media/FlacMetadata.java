package org.unveil.archive.internal.media;

import java.io.IOException;

/**
 * The FLAC stream marker and metadata blocks (RFC 9639, section 8): reads STREAMINFO, skips the
 * rest by their lengths (a cover picture is never read into memory), and stops where the first
 * frame starts, which is where the header segment ends.
 *
 * @param minBlock smallest block size in samples (STREAMINFO)
 * @param maxBlock largest block size in samples
 * @param minFrame smallest frame in bytes, 0 if unknown
 * @param maxFrame largest frame in bytes, 0 if unknown
 * @param sampleRate samples per second
 * @param channels 1..8
 * @param bitsPerSample 4..32
 * @param totalSamples samples per channel in the stream, 0 if unknown
 * @param end offset of the first frame
 */
record FlacMetadata(int minBlock, int maxBlock, int minFrame, int maxFrame, int sampleRate, int channels, int bitsPerSample, long totalSamples, long end) {
    private static final int STREAMINFO = 0;
    private static final int INVALID = 127;

    static FlacMetadata read(MediaInput in) throws IOException {
        String name = in.name();
        byte[] marker = new byte[4];
        if (!in.read(marker, 0, 4) || marker[0] != 'f' || marker[1] != 'L' || marker[2] != 'a' || marker[3] != 'C') {
            throw new MediaFormatException(name + " is not FLAC: it does not start with the stream marker \"fLaC\"");
        }
        byte[] head = new byte[4];
        byte[] info = new byte[34];
        FlacMetadata meta = null;
        boolean last = false;
        while (!last) {
            long at = in.position();
            if (!in.read(head, 0, 4)) throw new MediaFormatException(name + " ends inside its FLAC metadata at offset " + at + ": the file is truncated");
            last = (head[0] & 0x80) != 0;
            int type = head[0] & 0x7f;
            int length = ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
            if (type == INVALID) throw new MediaFormatException(name + " has an invalid FLAC metadata block type 127 at offset " + at);
            if (meta == null) {
                if (type != STREAMINFO || length != 34) {
                    throw new MediaFormatException(name + ": the first FLAC metadata block (offset " + at + ") must be a 34-byte STREAMINFO, found type " + type
                            + " of " + length + " bytes");
                }
                if (!in.read(info, 0, 34)) throw new MediaFormatException(name + " ends inside its FLAC STREAMINFO: the file is truncated");
                meta = streamInfo(info, name);
            } else {
                if (type == STREAMINFO) throw new MediaFormatException(name + " has a second FLAC STREAMINFO block at offset " + at);
                if (!in.skip(length)) throw new MediaFormatException(name + " ends inside FLAC metadata block type " + type + " at offset " + at + ": the file is truncated");
            }
        }
        return new FlacMetadata(meta.minBlock, meta.maxBlock, meta.minFrame, meta.maxFrame, meta.sampleRate, meta.channels, meta.bitsPerSample,
                meta.totalSamples, in.position());
    }

    private static FlacMetadata streamInfo(byte[] b, String name) {
        int minBlock = u(b, 0, 2), maxBlock = u(b, 2, 2), minFrame = u(b, 4, 3), maxFrame = u(b, 7, 3);
        long packed = ((long) u(b, 10, 4) << 32) | (u(b, 14, 4) & 0xffffffffL);
        int rate = (int) (packed >>> 44);
        int channels = (int) ((packed >>> 41) & 7) + 1;
        int bits = (int) ((packed >>> 36) & 31) + 1;
        long total = packed & 0xfffffffffL;
        if (rate == 0) throw new MediaFormatException(name + ": FLAC STREAMINFO gives a sample rate of 0");
        if (minBlock < 16 || maxBlock < minBlock) {
            throw new MediaFormatException(name + ": FLAC STREAMINFO block sizes " + minBlock + ".." + maxBlock + " are invalid (at least 16, min <= max)");
        }
        if (maxFrame != 0 && minFrame > maxFrame) throw new MediaFormatException(name + ": FLAC STREAMINFO frame sizes " + minFrame + ".." + maxFrame + " are invalid");
        return new FlacMetadata(minBlock, maxBlock, minFrame, maxFrame, rate, channels, bits, total, 0);
    }

    private static int u(byte[] b, int off, int len) {
        int v = 0;
        for (int i = 0; i < len; i++) v = (v << 8) | (b[off + i] & 0xff);
        return v;
    }
}
