package org.unveil.archive;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of {@link ArchiveReader#inspect}: a structurally valid archive whose stored hashes
 * all match its manifest, plus warnings a fan should see before pledging.
 *
 * @param manifest the manifest
 * @param manifestSha256 the manifest hash (hex) to compare with the release contract
 * @param previewBytes total plaintext preview bytes, header segments not counted (they hold no media)
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

    /** Previews above this share of the work give most of it away before anyone pays. */
    public static final double MAX_PREVIEW_SHARE = 0.5;

    /** Why a fan should distrust the archive: nothing or too little of it can be checked before release. */
    public static List<String> suspects(Manifest m) {
        long preview = previewBytes(m), total = totalBytes(m);
        List<String> suspects = new ArrayList<>();
        if (preview == 0) {
            suspects.add("no preview: nothing in this archive can be checked before release");
        } else if (preview < minimumPreviewBytes(total)) {
            suspects.add("preview too small: " + preview + " of " + total + " bytes (less than " + minimumPreviewBytes(total) + ")");
        }
        return suspects;
    }

    /** Risky choices for the artist packing it: what fans will distrust, and previews that give most of the work away. */
    public static List<String> artistWarnings(Manifest m) {
        List<String> warnings = new ArrayList<>(suspects(m));
        long preview = previewBytes(m), total = totalBytes(m);
        if (total > 0 && preview > MAX_PREVIEW_SHARE * total) {
            warnings.add(String.format(java.util.Locale.ROOT, "previews cover %.0f%% of the work (%d of %d bytes): fans get most of it without pledging",
                    100.0 * preview / total, preview, total));
        }
        if (m.terms().sampleCount() >= m.fragmentCount()) {
            warnings.add("the chain would sample all " + m.fragmentCount() + " encrypted fragment(s) with a sample count of " + m.terms().sampleCount()
                    + ", publishing the whole work before anyone pays: the release contract refuses it; cut the work finer (--cut) or lower --samples");
        }
        return warnings;
    }

    /** Plaintext bytes a fan can judge the work by: previews, but not header segments, which hold no media (a cover picture, codec setup). */
    static long previewBytes(Manifest m) {
        long preview = 0;
        for (Manifest.FileEntry f : m.files()) {
            for (int j = f.hasHeaderFragment() ? 1 : 0; j < f.fragments().size(); j++) {
                Manifest.Fragment x = f.fragments().get(j);
                if (x.preview()) preview += x.size();
            }
        }
        return preview;
    }

    static long totalBytes(Manifest m) {
        return m.files().stream().mapToLong(Manifest.FileEntry::size).sum();
    }

    public Inspection {
        suspects = List.copyOf(suspects);
    }

    public boolean suspect() {
        return !suspects.isEmpty();
    }
}
