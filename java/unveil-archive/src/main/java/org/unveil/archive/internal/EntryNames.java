package org.unveil.archive.internal;

import java.text.Normalizer;
import java.util.Locale;
import org.unveil.archive.ArchiveFormatException;

/**
 * Naming rules: tar entry names of fragments, and the safety and collision rules for file paths
 * that unpacking turns into real files (spec/archive-format.md, "Names").
 */
public final class EntryNames {
    public static final String MANIFEST = "manifest.json";
    static final int MAX_PATH_BYTES = 1024;
    static final int MAX_SEGMENT_BYTES = 255;

    private EntryNames() {}

    /** {@code files/FFFFFF/NNNNNN.age} for encrypted fragments, {@code .preview.EXT} for plaintext ones. */
    public static String fragmentEntry(int fileIndex, int fragmentIndex, boolean preview, String mediaType) {
        String base = String.format(Locale.ROOT, "files/%06d/%06d", fileIndex, fragmentIndex);
        return preview ? base + ".preview." + MediaTypes.extension(mediaType) : base + ".age";
    }

    /**
     * Rejects any name that could escape the output directory or confuse a file system: empty,
     * absolute, drive letters, backslashes, control characters, empty, "." or ".." segments,
     * over-long names, or text not in Unicode NFC.
     */
    public static void requireSafe(String path) throws ArchiveFormatException {
        if (path.isEmpty()) throw new ArchiveFormatException("empty path");
        String shown = path.length() > 120 ? path.substring(0, 120) + "..." : path;
        if (path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new ArchiveFormatException("path '" + shown + "' is longer than " + MAX_PATH_BYTES + " bytes");
        }
        if (path.startsWith("/")) throw new ArchiveFormatException("absolute path '" + shown + "' is not allowed");
        if (path.length() >= 2 && path.charAt(1) == ':') throw new ArchiveFormatException("path '" + shown + "' starts with a drive letter");
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw new ArchiveFormatException("path '" + shown.replaceAll("\\p{Cntrl}", "?") + "' contains a control character or backslash");
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < path.length() && Character.isLowSurrogate(path.charAt(++i)))) {
                throw new ArchiveFormatException("path '" + shown + "' contains an unpaired surrogate");
            }
        }
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new ArchiveFormatException("path '" + shown + "' has an empty, '.' or '..' segment; paths must stay inside the output directory");
            }
            if (seg.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw new ArchiveFormatException("path '" + shown + "' has a segment longer than " + MAX_SEGMENT_BYTES + " bytes");
            }
        }
        if (!Normalizer.isNormalized(path, Normalizer.Form.NFC)) {
            throw new ArchiveFormatException("path '" + shown + "' is not in Unicode NFC; normalise it before packing");
        }
    }

    /**
     * The key two paths collide under: NFC, then case folded (upper then lower case, which folds
     * e.g. "ß" and "SS" together), then NFC again. Case-insensitive file systems (macOS, Windows)
     * would map colliding paths to the same file.
     */
    public static String collisionKey(String path) {
        String folded = Normalizer.normalize(path, Normalizer.Form.NFC).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFC);
    }
}
