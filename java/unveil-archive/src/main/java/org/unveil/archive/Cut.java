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
     * MPEG audio layer III cut on frame boundaries into segments of at least {@code seconds} of
     * audio, so each segment plays on its own (spec/archive-format.md, "MP3 cutting").
     */
    static Cut mp3(int seconds) {
        return new Mp3(seconds);
    }

    /** One fragment. */
    record Whole() implements Cut {}

    /** @param bytes fragment length, at least 1 */
    record EveryBytes(long bytes) implements Cut {
        public EveryBytes {
            if (bytes < 1) throw new IllegalArgumentException("cut size " + bytes + " must be at least 1 byte");
        }
    }

    /** @param seconds minimum segment duration, 1..86400 */
    record Mp3(int seconds) implements Cut {
        public Mp3 {
            if (seconds < 1 || seconds > 86_400) throw new IllegalArgumentException("MP3 segment length " + seconds + " s must be 1..86400");
        }
    }
}
