package org.unveil.archive.internal.media;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Cuts one media format on its own boundaries. Implementations read the file once, sequentially,
 * in bounded memory, and throw {@link MediaFormatException} (never another runtime exception) for
 * a file that is not of their format, truncated or corrupt.
 */
public interface MediaCutter {
    MediaFormat format();

    /** Whether the file's first bytes (up to 4 KiB, fewer if the file is shorter) look like this format. */
    boolean recognizes(byte[] head);

    /** Segments of at least {@code seconds} of media each (the last may be shorter). */
    MediaPlan plan(Path file, int seconds) throws IOException;
}
