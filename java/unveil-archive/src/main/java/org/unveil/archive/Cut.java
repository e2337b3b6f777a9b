package org.unveil.archive;

/**
 * How the packer cuts a file into fragments. Fragments are numbered from 0 in file order; any of
 * them can be chosen as a plaintext preview.
 */
public sealed interface Cut {
    /** The whole file is one fragment. */
    static Cut whole() {
        return new Whole();
    }

    /** Fragments of {@code bytes} bytes each, the last one shorter. */
    static Cut everyBytes(long bytes) {
        return new EveryBytes(bytes);
    }

    /**
     * A media file cut on its own boundaries into segments of at least {@code seconds} of media,
     * so each preview plays in a stock player (spec/archive-format.md, section 7, "Media cutting").
     * {@code format} is the format's cut name: {@value #FORMATS}. The packer checks that
     * the file's content is of that format.
     */
    static Cut media(String format, int seconds) {
        return new Media(format, seconds);
    }

    /** The media formats {@link #media} accepts, as {@code --cut PATH:FORMAT} names them. */
    String FORMATS = "mp3, flac, ogg, ts, fmp4";

    /** The segment length {@code --cut PATH:FORMAT} uses when it gives none: 30 s, long enough to judge a track, short enough to sample. */
    int DEFAULT_SECONDS = 30;

    /** One fragment. */
    record Whole() implements Cut {}

    /** @param bytes fragment length, at least 1 */
    record EveryBytes(long bytes) implements Cut {
        public EveryBytes {
            if (bytes < 1) throw new IllegalArgumentException("cut size " + bytes + " must be at least 1 byte");
        }
    }

    /**
     * @param format a media format's cut name ({@value #FORMATS})
     * @param seconds minimum segment duration, 1..86400
     */
    record Media(String format, int seconds) implements Cut {
        public Media {
            org.unveil.archive.internal.media.MediaCutters.named(format);
            if (seconds < 1 || seconds > 86_400) throw new IllegalArgumentException(format + " segment length " + seconds + " s must be 1..86400");
        }
    }
}
