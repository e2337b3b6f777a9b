package org.unveil.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A release's archive on this machine: a file the caller gave (kept), or one fetched by CID into a
 * temporary directory of its own ({@code gateway} present), deleted on {@link #close()}.
 */
public record FetchedArchive(Path file, Optional<URI> gateway) implements AutoCloseable {
    public FetchedArchive {
        Objects.requireNonNull(file, "file required");
        Objects.requireNonNull(gateway, "gateway required (Optional.empty() for a local file)");
    }

    /** A file the caller owns: {@link #close()} leaves it. */
    public static FetchedArchive local(Path file) {
        return new FetchedArchive(file, Optional.empty());
    }

    @Override
    public void close() {
        if (gateway.isPresent()) delete(file.getParent());
    }

    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the temporary archive in " + dir, e);
        }
    }
}
