package org.unveil.archive.internal.media;

/**
 * Media time of one stream, in 90 kHz ticks since its first packet, from the 33-bit decoding
 * times of its PES packets. Decoding times rise by one frame (or one audio packet) at a time, so
 * the clock adds each rise; a step down or a jump of more than {@link #MAX_STEP} is a
 * discontinuity (timestamps restarting in a spliced or concatenated stream, or a corrupt value),
 * across which the clock adds the previous step instead. Wrapping past 2^33 is an ordinary rise.
 */
final class TsClock {
    static final long HZ = 90_000;
    private static final long MASK = (1L << 33) - 1;
    private static final long MAX_STEP = 10 * HZ;

    private long last = -1;
    private long now;
    private long step;

    /** Advances to the packet with decoding time {@code time} (-1: none) and returns the clock there. */
    long advance(long time) {
        if (last < 0) {
            if (time >= 0) last = time;
            return now;
        }
        long rise = time < 0 ? step : (time - last) & MASK;
        if (rise > MAX_STEP) rise = step;
        else if (rise > 0) step = rise;
        if (time >= 0) last = time;
        now += rise;
        return now;
    }

    /** Where the stream ends: the last packet's time plus one step. */
    long end() {
        return now + step;
    }
}
