package org.unveil.archive.internal.media;

/** Media time in whole microseconds, the unit the manifest records (JCS numbers are integers). */
public final class MediaClock {
    private MediaClock() {}

    /**
     * {@code samples / rate} seconds in microseconds, floored. Every cutter counts samples exactly
     * and converts only at segment edges, so the segments' durations add up to the whole without
     * rounding drift. Exact for any non-negative long (no overflow from multiplying first).
     */
    public static long micros(long samples, long rate) {
        if (samples < 0 || rate <= 0) throw new IllegalArgumentException("samples " + samples + " at rate " + rate);
        return samples / rate * 1_000_000L + samples % rate * 1_000_000L / rate;
    }
}
