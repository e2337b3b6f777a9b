package org.unveil.archive;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * One input of {@link ArchivePacker}: a source file, its path inside the archive, how to cut it
 * and which fragments are plaintext previews.
 *
 * @param source the file to read
 * @param path its relative, '/'-separated path in the archive (and on unpack)
 * @param cut how to cut it
 * @param previews indices of fragments stored as plaintext previews; the rest are encrypted
 */
public record FileSpec(Path source, String path, Cut cut, Set<Integer> previews) {
    public FileSpec {
        Objects.requireNonNull(source, "source file required");
        Objects.requireNonNull(path, "archive path required");
        Objects.requireNonNull(cut, "cut required");
        previews = Set.copyOf(previews);
        for (int i : previews) if (i < 0) throw new IllegalArgumentException("preview fragment index " + i + " is negative");
    }

    /** The whole file, encrypted. */
    public static FileSpec encrypted(Path source, String path) {
        return new FileSpec(source, path, Cut.whole(), Set.of());
    }
}
