package org.unveil.archive.internal.media;

import java.util.ArrayList;
import java.util.List;

/**
 * The cut points a cutter has chosen, each a file offset and the media time (in ticks of the
 * stream's clock) at which its segment starts, turned into plan segments once the end of the media
 * is known. Holds two longs per segment: a few hundred kilobytes even for a film cut every second.
 */
final class CutList {
    private final long ticksPerSecond;
    private long[] offsets = new long[64];
    private long[] starts = new long[64];
    private int size;

    CutList(long ticksPerSecond) {
        this.ticksPerSecond = ticksPerSecond;
    }

    void add(long offset, long startTicks) {
        if (size > 0 && (offset <= offsets[size - 1] || startTicks < starts[size - 1])) {
            throw new IllegalStateException("cuts out of order: " + offset + " at " + startTicks);
        }
        if (size == offsets.length) {
            offsets = java.util.Arrays.copyOf(offsets, size * 2);
            starts = java.util.Arrays.copyOf(starts, size * 2);
        }
        offsets[size] = offset;
        starts[size] = startTicks;
        size++;
    }

    int size() {
        return size;
    }

    long lastStart() {
        return starts[size - 1];
    }

    /** Segments with times relative to the first cut's start; {@code endTicks} is where the last one ends. */
    List<MediaPlan.Segment> segments(long endTicks, String name) {
        List<MediaPlan.Segment> out = new ArrayList<>(size);
        long origin = starts[0];
        for (int i = 0; i < size; i++) {
            long end = i + 1 < size ? starts[i + 1] : Math.max(endTicks, starts[i]);
            // Both ends rounded the same way, so each segment starts where the previous one ends, to the microsecond.
            long start = micros(starts[i] - origin, name);
            out.add(new MediaPlan.Segment(offsets[i], start, micros(end - origin, name) - start));
        }
        return out;
    }

    private long micros(long ticks, String name) {
        try {
            return Math.addExact(Math.multiplyExact(ticks / ticksPerSecond, 1_000_000L), ticks % ticksPerSecond * 1_000_000L / ticksPerSecond);
        } catch (ArithmeticException e) {
            // Only a corrupt time stamp gets here: 2^63 microseconds is 292,000 years.
            throw new MediaFormatException(name + " has implausible media times (" + ticks + " ticks at " + ticksPerSecond + " per second); the file is corrupt");
        }
    }
}
