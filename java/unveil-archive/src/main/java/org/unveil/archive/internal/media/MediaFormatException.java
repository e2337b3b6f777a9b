package org.unveil.archive.internal.media;

/**
 * A file given to a media cutter is not of its format, or is truncated or corrupt. The message
 * names the file, what was found where, and what to do. An {@link IllegalArgumentException} so
 * the CLI reports it as bad input.
 */
public final class MediaFormatException extends IllegalArgumentException {
    public MediaFormatException(String message) {
        super(message);
    }
}
