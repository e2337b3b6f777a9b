package org.unveil.archive;

import java.io.IOException;

/**
 * The bytes are not a well-formed Unveil archive (or manifest): bad tar structure, an entry the
 * format forbids, a manifest that does not follow spec/archive-format.md. Retrying will not help;
 * the archive must be re-downloaded or re-packed.
 */
public class ArchiveFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ArchiveFormatException(String message) {
        super(message);
    }

    public ArchiveFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
