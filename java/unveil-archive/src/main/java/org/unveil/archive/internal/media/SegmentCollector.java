package org.unveil.archive.internal.media;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses cut points as a cutter walks its file: at every boundary where a segment may start
 * (a frame, a page), a new segment starts once the current one holds at least the requested
 * time. Time is counted in samples at one rate and converted to microseconds only at the edges,
 * so the durations tile the work exactly.
 */
final class SegmentCollector {
    private final MediaFormat format;
    private final long rate;
    private final long minSamples;
    private final boolean header;
    private final List<Long> offsets = new ArrayList<>();
    private final List<Long> startSamples = new ArrayList<>();

    /** @param headerEnd where the header segment ends and the first media segment starts, or -1 if there is no header segment */
    SegmentCollector(MediaFormat format, long rate, int seconds, long headerEnd) {
        if (seconds < 1) throw new IllegalArgumentException("segment length " + seconds + " s must be at least 1");
        this.format = format;
        this.rate = rate;
        this.minSamples = seconds * rate;
        this.header = headerEnd >= 0;
        if (header) {
            offsets.add(0L);
            startSamples.add(0L);
        }
        offsets.add(Math.max(headerEnd, 0));
        startSamples.add(0L);
    }

    /** A boundary at {@code offset} with {@code samplesBefore} samples of media before it: starts a segment there if the current one is long enough. */
    void boundary(long offset, long samplesBefore) {
        int last = offsets.size() - 1;
        if (offset > offsets.get(last) && samplesBefore - startSamples.get(last) >= minSamples) {
            offsets.add(offset);
            startSamples.add(samplesBefore);
        }
    }

    /** The plan, the last segment ending with {@code totalSamples}. */
    MediaPlan finish(long totalSamples) {
        List<MediaPlan.Segment> segments = new ArrayList<>();
        for (int i = 0; i < offsets.size(); i++) {
            if (header && i == 0) {
                segments.add(new MediaPlan.Segment(0, 0, 0));
                continue;
            }
            long from = startSamples.get(i), to = i + 1 < offsets.size() ? startSamples.get(i + 1) : Math.max(totalSamples, from);
            long start = MediaClock.micros(from, rate);
            segments.add(new MediaPlan.Segment(offsets.get(i), start, MediaClock.micros(to, rate) - start));
        }
        return new MediaPlan(format, segments, header);
    }
}
