package org.unveil.archive.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.unveil.archive.Cut;

/** Turns a {@link Cut} into fragment start offsets for one file. */
public final class FragmentPlanner {
    private FragmentPlanner() {}

    /** Start offsets of the fragments; the first is 0. An empty file has one (empty) fragment. */
    public static List<Long> starts(Path file, long size, Cut cut) throws IOException {
        return switch (cut) {
            case Cut.Whole w -> List.of(0L);
            case Cut.EveryBytes e -> {
                long count = Math.max(1, (size + e.bytes() - 1) / e.bytes());
                if (count > ManifestRules.MAX_FRAGMENTS_PER_FILE) {
                    throw new IllegalArgumentException(file + ": cutting " + size + " bytes every " + e.bytes() + " gives " + count
                            + " fragments; at most " + ManifestRules.MAX_FRAGMENTS_PER_FILE + " allowed, cut bigger");
                }
                List<Long> starts = new ArrayList<>();
                for (long i = 0; i < count; i++) starts.add(i * e.bytes());
                yield starts;
            }
            case Cut.Mp3 m -> Mp3Segmenter.segment(file, m.seconds()).starts();
        };
    }
}
