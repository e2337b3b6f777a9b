package org.unveil.archive.internal.media;

/**
 * What an Ogg cutter needs from the codec's identification header (the first packet): how many
 * header packets precede the audio and how granule positions map to samples.
 *
 * @param name "Opus" or "Vorbis", for messages
 * @param headerPackets codec header packets (Opus: OpusHead, OpusTags; Vorbis: identification, comment, setup)
 * @param rate granule positions per second (Opus: always 48 kHz; Vorbis: the stream's sample rate)
 * @param preSkip granules at the start that decode to nothing (Opus pre-skip; 0 for Vorbis)
 */
record OggCodec(String name, int headerPackets, long rate, long preSkip) {
    /** The codec of a stream whose first packet is {@code first} (its first bytes, -1 past the packet), or a MediaFormatException. */
    static OggCodec identify(int[] first, String file) {
        if (starts(first, "OpusHead")) {
            if (first[18] < 0) throw new MediaFormatException(file + ": its OpusHead packet is shorter than 19 bytes");
            return new OggCodec("Opus", 2, 48_000, first[10] | first[11] << 8);
        }
        if (first[0] == 1 && starts(first, "\u0001vorbis")) {
            if (first[29] < 0) throw new MediaFormatException(file + ": its Vorbis identification header is shorter than 30 bytes");
            long rate = first[12] | first[13] << 8 | first[14] << 16 | (long) first[15] << 24;
            if (rate == 0) throw new MediaFormatException(file + ": its Vorbis identification header gives a sample rate of 0");
            return new OggCodec("Vorbis", 3, rate, 0);
        }
        throw new MediaFormatException(file + " is an Ogg stream of a codec unveil does not cut (only Opus and Vorbis): cut it by bytes or re-encode it"
                + " (ffmpeg -i IN -c:a libopus OUT.opus)");
    }

    /** Samples of audio before granule position {@code granule}. */
    long samples(long granule) {
        return Math.max(0, granule - preSkip);
    }

    private static boolean starts(int[] b, String magic) {
        for (int i = 0; i < magic.length(); i++) if (b[i] != magic.charAt(i)) return false;
        return true;
    }
}
