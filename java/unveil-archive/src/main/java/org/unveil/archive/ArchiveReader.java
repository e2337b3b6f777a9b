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
        long preview = 0, total = 0;
        for (Manifest.FileEntry f : m.files()) {
            total += f.size();
            for (Manifest.Fragment x : f.fragments()) if (x.preview()) preview += x.size();
        }
        List<String> suspects = new ArrayList<>();
        if (preview == 0) {
            suspects.add("no preview: nothing in this archive can be checked before release");
        } else if (preview < Inspection.minimumPreviewBytes(total)) {
            suspects.add("preview too small: " + preview + " of " + total + " bytes (less than " + Inspection.minimumPreviewBytes(total) + ")");
        }
        return new Inspection(m, scanner.manifestSha256(), preview, total, suspects);
    }

    /** Reads and validates only the manifest (the first entry), without scanning fragments. */
    public static Manifest readManifest(Path archive) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
            return new ArchiveScanner(in).readManifest();
        }
    }
}
