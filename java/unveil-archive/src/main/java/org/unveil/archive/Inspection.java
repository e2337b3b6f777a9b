package org.unveil.archive;

import java.util.List;

/**
 * The result of {@link ArchiveReader#inspect}: a structurally valid archive whose stored hashes
 * all match its manifest, plus warnings a fan should see before pledging.
 *
 * @param manifest the manifest
 * @param manifestSha256 the manifest hash (hex) to compare with the release contract
 * @param previewBytes total plaintext preview bytes
 * @param totalBytes total bytes of the original files
 * @param suspects human-readable warnings, empty if none (e.g. "no preview")
 */
public record Inspection(Manifest manifest, String manifestSha256, long previewBytes, long totalBytes, List<String> suspects) {
    /** Previews smaller than this (in total) are flagged as too little to judge the work, unless the release itself is small. */
    public static final long MIN_PREVIEW_BYTES = 64 * 1024;

    /** The preview size below which an archive is suspect: 64 KiB, or 5% of the total for releases under 1.25 MiB. */
    public static long minimumPreviewBytes(long totalBytes) {
        return Math.min(MIN_PREVIEW_BYTES, totalBytes / 20);
    }

    public Inspection {
        suspects = List.copyOf(suspects);
    }

    public boolean suspect() {
        return !suspects.isEmpty();
    }
}
