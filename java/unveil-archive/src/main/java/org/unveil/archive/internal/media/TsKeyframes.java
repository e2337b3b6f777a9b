package org.unveil.archive.internal.media;

/**
 * Decides from the first bytes of a video access unit whether it starts a keyframe, for streams
 * whose muxer does not set random_access_indicator: the first slice of the access unit is an IDR
 * (H.264 NAL type 5) or IRAP picture (HEVC types 16 to 23), or, in MPEG-1/2 video, a sequence
 * header comes before the first picture. Fed the access unit packet by packet; start codes may
 * straddle packets.
 */
final class TsKeyframes {
    static final int UNDECIDED = 0, KEY = 1, NOT_KEY = 2;

    private final int streamType;
    private int zeros;
    private boolean afterStartCode;

    TsKeyframes(int streamType) {
        this.streamType = streamType;
    }

    int streamType() {
        return streamType;
    }

    void reset() {
        zeros = 0;
        afterStartCode = false;
    }

    int feed(byte[] b, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            int v = b[i] & 0xFF;
            if (afterStartCode) {
                afterStartCode = false;
                int verdict = startCode(v);
                if (verdict != UNDECIDED) return verdict;
            }
            if (v == 0) {
                zeros++;
            } else {
                afterStartCode = v == 1 && zeros >= 2;
                zeros = 0;
            }
        }
        return UNDECIDED;
    }

    /** The verdict from the byte after a 00 00 01 start code (the NAL header, or MPEG-2's start code value). */
    private int startCode(int v) {
        switch (streamType) {
            case 0x1B: {
                int type = v & 0x1F;
                if (type == 5) return KEY;
                return type >= 1 && type <= 4 ? NOT_KEY : UNDECIDED;
            }
            case 0x24: {
                int type = (v >> 1) & 0x3F;
                if (type >= 16 && type <= 23) return KEY;
                return type < 16 ? NOT_KEY : UNDECIDED;
            }
            default: // MPEG-1/2 video: 0xB3 sequence header, 0x00 picture
                if (v == 0xB3) return KEY;
                return v == 0x00 ? NOT_KEY : UNDECIDED;
        }
    }
}
