package org.unveil.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.unveil.archive.internal.ArchiveScanner;

/**
 * Keyless checks of an archive: structure, manifest rules and every stored fragment hash. This is
 * what a fan or keyholder runs before trusting an archive; it needs no secret.
 */
public final class ArchiveReader {
    private ArchiveReader() {}

    public static Inspection inspect(Path archive) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 20)) {
            return inspect(in);
        }
    }

    /** Inspects an archive read from a stream (for example straight from the network). */
    public static Inspection inspect(InputStream in) throws IOException {
        ArchiveScanner scanner = new ArchiveScanner(in);
        Manifest m = scanner.readManifest();
        scanner.scan((file, fragment, stored) -> {});
        return new Inspection(m, scanner.manifestSha256(), Inspection.previewBytes(m), Inspection.totalBytes(m), Inspection.suspects(m));
    }

    /**
     * What {@link #inspect} tells from the manifest alone, reading only the first entry of
     * {@code in}: for an archive already verified whole (a keyholder bot's own copy, checked when it
     * was received), so a multi-gigabyte archive is not read again for each step that needs its manifest.
     */
    public static Inspection inspectManifest(InputStream in) throws IOException {
        ArchiveScanner scanner = new ArchiveScanner(in);
        Manifest m = scanner.readManifest();
        return new Inspection(m, scanner.manifestSha256(), Inspection.previewBytes(m), Inspection.totalBytes(m), Inspection.suspects(m));
    }

    /** Reads and validates only the manifest (the first entry), without scanning fragments. */
    public static Manifest readManifest(Path archive) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
            return new ArchiveScanner(in).readManifest();
        }
    }
}
