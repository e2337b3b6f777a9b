package org.unveil.archive.internal.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one place that lists every media cutter, picks one by the format a cut names, and checks
 * that the file's content is of that format (a name alone is not trusted: a mislabelled file
 * would be cut at points that do not play).
 */
public final class MediaCutters {
    private static final int HEAD = 4096;
    private static final List<MediaCutter> ALL =
            List.of(new Mp3Cutter(), new FlacCutter(), new OggCutter(), new MpegTsCutter(), new Fmp4Cutter());

    private MediaCutters() {}

    /** Every registered cutter. */
    public static List<MediaCutter> all() {
        return ALL;
    }

    /** The format a {@code --cut} names ({@link MediaFormat#cutName()}), or an IllegalArgumentException listing the known names. */
    public static MediaFormat named(String cutName) {
        for (MediaFormat f : MediaFormat.values()) if (f.cutName().equals(cutName)) return f;
        throw new IllegalArgumentException("media format '" + cutName + "' is not one of " + java.util.Arrays.stream(MediaFormat.values()).map(MediaFormat::cutName).toList());
    }

    /** The format's name for people: "FLAC", "Ogg", ... */
    public static String label(MediaFormat f) {
        return switch (f) {
            case MP3 -> "MP3";
            case MPEG_TS -> "MPEG-TS";
            case FMP4 -> "fragmented MP4";
            case FLAC -> "FLAC";
            case OGG -> "Ogg";
        };
    }

    /**
     * Cuts {@code file} (called {@code name} in messages, its archive path) as {@code format}, in
     * segments of at least {@code seconds}, after checking its content is that format.
     *
     * @throws MediaFormatException if the content is another
     *     format (the message names both and the --cut to use), or the file is corrupt
     */
    public static MediaPlan plan(Path file, String name, MediaFormat format, int seconds) throws IOException {
        // Every format has its cutter (MediaCuttersTest): a missing one is this class's bug, not bad input.
        MediaCutter cutter = cutter(format).orElseThrow(() -> new IllegalStateException("no cutter registered for " + format));
        byte[] head = head(file);
        if (!cutter.recognizes(head)) {
            Optional<MediaCutter> other = ALL.stream().filter(c -> c != cutter && c.recognizes(head)).findFirst();
            if (other.isPresent()) {
                MediaFormat actual = other.get().format();
                throw new MediaFormatException(name + " looks like " + label(actual) + ", not " + label(format) + ": use --cut " + name + ":" + actual.cutName());
            }
            throw new MediaFormatException(name + " does not look like " + label(format) + " (nor any format unveil cuts: "
                    + ALL.stream().map(c -> c.format().cutName()).toList() + "): check the file, or cut it by bytes (--cut " + name + ":64MiB)");
        }
        MediaPlan plan = cutter.plan(file, seconds);
        if (plan.format() != format) throw new IllegalStateException(cutter.getClass().getSimpleName() + " returned a " + plan.format() + " plan for " + format);
        return plan;
    }

    private static Optional<MediaCutter> cutter(MediaFormat format) {
        return ALL.stream().filter(c -> c.format() == format).findFirst();
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(HEAD);
        }
    }

}
