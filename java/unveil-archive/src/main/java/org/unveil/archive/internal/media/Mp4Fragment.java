package org.unveil.archive.internal.media;

import static org.unveil.archive.internal.media.Mp4Box.u32;
import static org.unveil.archive.internal.media.Mp4Box.u64;

/**
 * What a {@code moof} box says about the cut track (ISO/IEC 14496-12 8.8): whether it has samples
 * there, the decoding time of the first ({@code tfdt}), their total duration ({@code trun}
 * durations, else the {@code tfhd} or {@code trex} default) and whether the first is a sync
 * sample (its flags from {@code trun} first_sample_flags or per-sample flags, else the defaults;
 * sync when sample_is_non_sync_sample is clear and it does not depend on other samples).
 *
 * @param baseTime the tfdt decoding time, -1 when the fragment has none
 */
record Mp4Fragment(boolean hasSamples, long baseTime, long duration, boolean startsWithSync) {
    private static final long NON_SYNC = 0x0001_0000L;

    static Mp4Fragment parse(byte[] moof, long base, Mp4Movie movie, String name) {
        try {
            return parseChecked(moof, base, movie, name);
        } catch (ArithmeticException e) {
            throw Mp4Box.corrupt(name, base, "a fragment whose sample durations add up past 2^63");
        }
    }

    private static Mp4Fragment parseChecked(byte[] moof, long base, Mp4Movie movie, String name) {
        int body = (int) Mp4Box.parse(moof, 0, moof.length, base, true, name).body();
        long baseTime = -1, duration = 0, firstFlags = -1;
        long samples = 0;
        for (Mp4Box traf : Mp4Box.children(moof, body, moof.length, base, name)) {
            if (traf.type() != Mp4Box.TRAF) continue;
            Traf t = traf(moof, traf, base, movie, name);
            if (t == null) continue;
            if (baseTime < 0) baseTime = t.baseTime;
            if (firstFlags < 0) firstFlags = t.firstFlags;
            duration = Math.addExact(duration, t.duration);
            samples += t.samples;
        }
        boolean sync = !movie.video() || (firstFlags >= 0 && (firstFlags & NON_SYNC) == 0 && ((firstFlags >>> 24) & 3) != 1);
        return new Mp4Fragment(samples > 0, baseTime, duration, samples > 0 && sync);
    }

    private static final class Traf {
        long baseTime = -1, duration, firstFlags = -1, samples;
    }

    /** Null when the traf is for another track. */
    private static Traf traf(byte[] b, Mp4Box traf, long base, Mp4Movie movie, String name) {
        Traf t = new Traf();
        long defaultDuration = movie.defaultDuration(), defaultFlags = movie.defaultFlags();
        boolean ours = false;
        for (Mp4Box c : Mp4Box.children(b, (int) traf.body(), (int) traf.end(), base, name)) {
            int at = (int) c.body();
            if (c.type() == Mp4Box.TFHD) {
                Mp4Movie.need(b, c, 8, base, name);
                if ((int) u32(b, at + 4) != movie.trackId()) return null;
                ours = true;
                int flags = (int) u32(b, at) & 0xFFFFFF;
                int field = at + 8 + ((flags & 0x1) != 0 ? 8 : 0) + ((flags & 0x2) != 0 ? 4 : 0);
                Mp4Movie.need(b, c, field - at + 4 * Integer.bitCount(flags & 0x38), base, name);
                if ((flags & 0x08) != 0) defaultDuration = u32(b, field);
                if ((flags & 0x08) != 0) field += 4;
                if ((flags & 0x10) != 0) field += 4;
                if ((flags & 0x20) != 0) defaultFlags = u32(b, field);
            } else if (c.type() == Mp4Box.TFDT) {
                boolean v1 = Mp4Movie.need(b, c, 8, base, name) == 1;
                Mp4Movie.need(b, c, v1 ? 12 : 8, base, name);
                t.baseTime = v1 ? u64(b, at + 4) : u32(b, at + 4);
                if (t.baseTime < 0) throw Mp4Box.corrupt(name, base + c.offset(), "a fragment decode time (tfdt) past 2^63");
            } else if (c.type() == Mp4Box.TRUN) {
                if (!ours) throw Mp4Box.corrupt(name, base + c.offset(), "a trun before its track fragment header (tfhd)");
                trun(b, c, base, t, defaultDuration, defaultFlags, name);
            }
        }
        return ours ? t : null;
    }

    private static void trun(byte[] b, Mp4Box c, long base, Traf t, long defaultDuration, long defaultFlags, String name) {
        Mp4Movie.need(b, c, 8, base, name);
        int at = (int) c.body();
        int flags = (int) u32(b, at) & 0xFFFFFF;
        long count = u32(b, at + 4);
        int field = at + 8 + ((flags & 0x1) != 0 ? 4 : 0);
        long first = -1;
        if ((flags & 0x4) != 0) {
            Mp4Movie.need(b, c, field - at + 4, base, name);
            first = u32(b, field);
            field += 4;
        }
        int perSample = 4 * Integer.bitCount(flags & 0xF00);
        if (count * perSample > c.end() - field) {
            throw Mp4Box.corrupt(name, base + c.offset(), "a trun that claims " + count + " samples but has room for " + (c.end() - field) / Math.max(1, perSample));
        }
        if (count == 0) return;
        if (first < 0) first = (flags & 0x400) != 0 ? u32(b, field + 4 * Integer.bitCount(flags & 0x300)) : defaultFlags;
        if (t.samples == 0) t.firstFlags = first;
        if ((flags & 0x100) == 0) {
            t.duration = Math.addExact(t.duration, Math.multiplyExact(count, defaultDuration));
        } else {
            for (long i = 0; i < count; i++, field += perSample) t.duration = Math.addExact(t.duration, u32(b, field));
        }
        t.samples += count;
    }
}
