package org.unveil.archive.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.unveil.archive.Cut;
import org.unveil.archive.Manifest;
import org.unveil.archive.internal.media.MediaCutters;
import org.unveil.archive.internal.media.MediaPlan;

/** Turns a {@link Cut} into fragment start offsets for one file, and for a media cut the media facts the manifest records. */
public final class FragmentPlanner {
    private FragmentPlanner() {}

    /**
     * Where one file is cut.
     *
     * @param starts fragment start offsets, the first 0
     * @param media the media cut, or null
     * @param spans each fragment's media time (same length as starts), or null when media is null
     */
    public record Plan(List<Long> starts, Manifest.Media media, List<Manifest.MediaSpan> spans) {
        public Plan {
            starts = List.copyOf(starts);
            if (spans != null) spans = List.copyOf(spans);
        }
    }

    /** The plan for {@code file}, called {@code name} (its archive path) in messages. An empty file has one (empty) fragment. */
    public static Plan plan(Path file, String name, long size, Cut cut) throws IOException {
        return switch (cut) {
            case Cut.Whole w -> new Plan(List.of(0L), null, null);
            case Cut.EveryBytes e -> new Plan(byteStarts(name, size, e.bytes()), null, null);
            case Cut.Media m -> media(MediaCutters.plan(file, name, MediaCutters.named(m.format()), m.seconds()), name);
        };
    }

    private static Plan media(MediaPlan p, String name) {
        if (p.segments().size() > ManifestRules.MAX_FRAGMENTS_PER_FILE) {
            throw new IllegalArgumentException(name + ": cutting gives " + p.segments().size() + " segments; at most " + ManifestRules.MAX_FRAGMENTS_PER_FILE
                    + " allowed, cut longer segments");
        }
        List<Long> starts = new ArrayList<>();
        List<Manifest.MediaSpan> spans = new ArrayList<>();
        for (MediaPlan.Segment s : p.segments()) {
            starts.add(s.offset());
            spans.add(new Manifest.MediaSpan(s.startMicros(), s.durationMicros()));
        }
        return new Plan(starts, new Manifest.Media(p.format().cutName(), p.headerSegment()), spans);
    }

    private static List<Long> byteStarts(String name, long size, long bytes) {
        long count = Math.max(1, (size + bytes - 1) / bytes);
        if (count > ManifestRules.MAX_FRAGMENTS_PER_FILE) {
            throw new IllegalArgumentException(name + ": cutting " + size + " bytes every " + bytes + " gives " + count
                    + " fragments; at most " + ManifestRules.MAX_FRAGMENTS_PER_FILE + " allowed, cut bigger");
        }
        List<Long> starts = new ArrayList<>();
        for (long i = 0; i < count; i++) starts.add(i * bytes);
        return starts;
    }
}
