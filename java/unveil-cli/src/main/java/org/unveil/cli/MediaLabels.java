package org.unveil.cli;

import java.util.Locale;
import org.unveil.archive.Manifest;

/** How {@code inspect} names a fragment of a media-cut file: its format, duration and place in the work. */
final class MediaLabels {
    private MediaLabels() {}

    /** " (flac, 30.0 s, at 1:30-2:00)" for a media segment, a note for a header segment, "" for a file not media-cut. */
    static String of(Manifest.FileEntry f, int j) {
        if (f.media() == null) return "";
        Manifest.MediaSpan span = f.fragments().get(j).span();
        if (f.hasHeaderFragment() && j == 0) return " (" + f.media().format() + " header: codec setup, no media; written in front of every preview and sample)";
        return String.format(Locale.ROOT, " (%s, %.1f s, at %s-%s)", f.media().format(), span.duration() / 1e6, clock(span.start()),
                clock(span.start() + span.duration()));
    }

    /** m:ss, or h:mm:ss from an hour on; whole seconds, rounded down. */
    static String clock(long micros) {
        long s = micros / 1_000_000;
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
