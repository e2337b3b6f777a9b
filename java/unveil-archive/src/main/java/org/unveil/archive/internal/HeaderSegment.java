package org.unveil.archive.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.unveil.io.AtomicFiles;

/**
 * The header segment (fragment 0) of the media file being extracted, kept in a temp file so
 * that each later preview or sample is written as header + segment and plays in a stock player.
 * On disk, not in memory: a FLAC or Ogg header may carry a cover picture of many megabytes.
 * The archive order puts fragment 0 before every other fragment of its file, so it is always
 * kept before it is needed.
 */
public final class HeaderSegment implements Closeable {
    private Path temp;
    private int file = -1;

    /** Keeps {@code stored} (file {@code fileIndex}'s plaintext fragment 0) in a temp file next to {@code near}, replacing an earlier file's header. */
    public void keep(int fileIndex, InputStream stored, Path near) throws IOException {
        close();
        temp = AtomicFiles.createTemp(near, false);
        try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
            stored.transferTo(out);
        }
        file = fileIndex;
    }

    /** Writes the kept header of file {@code fileIndex} to {@code out}; an IllegalStateException if it was not kept (a reader bug). */
    public void writeTo(int fileIndex, OutputStream out) throws IOException {
        if (temp == null || file != fileIndex) throw new IllegalStateException("the header segment of file " + fileIndex + " was not kept before its fragments");
        Files.copy(temp, out);
    }

    @Override
    public void close() throws IOException {
        if (temp != null) AtomicFiles.discard(temp);
        temp = null;
        file = -1;
    }
}
