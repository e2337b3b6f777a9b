package org.unveil.archive.internal.media;

import static org.unveil.archive.internal.media.Mp4Box.u32;

import java.util.List;

/**
 * What the cutter needs from a {@code moov} box: the track it cuts and times on (the first video
 * track, else the first audio track, else the first track), that track's timescale (from
 * {@code mdhd}) and its fragment defaults (from {@code mvex/trex}), and whether the movie is
 * fragmented at all (has {@code mvex}).
 */
record Mp4Movie(boolean fragmented, int trackId, long timescale, boolean video, long defaultDuration, long defaultFlags) {
    private record Track(int id, long timescale, int handler) {}

    private static final int VIDE = Mp4Box.fourcc("vide"), SOUN = Mp4Box.fourcc("soun");

    /** {@code moov} holds the whole box, read from file offset {@code base}. */
    static Mp4Movie parse(byte[] moov, long base, String name) {
        Track chosen = null;
        boolean mvex = false;
        int trex = -1;
        int body = (int) Mp4Box.parse(moov, 0, moov.length, base, true, name).body();
        List<Mp4Box> children = Mp4Box.children(moov, body, moov.length, base, name);
        for (Mp4Box child : children) {
            if (child.type() == Mp4Box.TRAK) {
                Track t = track(moov, child, base, name);
                if (chosen == null || rank(t) < rank(chosen)) chosen = t;
            } else if (child.type() == Mp4Box.MVEX) {
                mvex = true;
            }
        }
        if (chosen == null) throw new MediaFormatException(name + ": its moov box holds no track; there is nothing to play");
        if (!mvex) return new Mp4Movie(false, chosen.id(), chosen.timescale(), chosen.handler() == VIDE, 0, 0);
        for (Mp4Box child : children) {
            if (child.type() != Mp4Box.MVEX) continue;
            for (Mp4Box t : Mp4Box.children(moov, (int) child.body(), (int) child.end(), base, name)) {
                if (t.type() != Mp4Box.TREX) continue;
                need(moov, t, 24, base, name);
                int at = (int) t.body();
                if ((int) u32(moov, at + 4) == chosen.id()) {
                    return new Mp4Movie(true, chosen.id(), chosen.timescale(), chosen.handler() == VIDE, u32(moov, at + 12), u32(moov, at + 20));
                }
            }
        }
        throw new MediaFormatException(name + ": its mvex box has no trex for track " + chosen.id()
                + ", so the track's fragments have no default sample flags; the file is corrupt. " + Fmp4Cutter.remux(name));
    }

    private static int rank(Track t) {
        return t.handler() == VIDE ? 0 : t.handler() == SOUN ? 1 : 2;
    }

    private static Track track(byte[] b, Mp4Box trak, long base, String name) {
        int id = -1, handler = 0;
        long timescale = -1;
        for (Mp4Box c : Mp4Box.children(b, (int) trak.body(), (int) trak.end(), base, name)) {
            if (c.type() == Mp4Box.TKHD) {
                boolean v1 = need(b, c, 4, base, name) == 1;
                need(b, c, v1 ? 24 : 16, base, name);
                id = (int) u32(b, (int) c.body() + (v1 ? 20 : 12));
            } else if (c.type() == Mp4Box.MDIA) {
                for (Mp4Box m : Mp4Box.children(b, (int) c.body(), (int) c.end(), base, name)) {
                    if (m.type() == Mp4Box.MDHD) {
                        boolean v1 = need(b, m, 4, base, name) == 1;
                        need(b, m, v1 ? 24 : 16, base, name);
                        timescale = u32(b, (int) m.body() + (v1 ? 20 : 12));
                    } else if (m.type() == Mp4Box.HDLR) {
                        need(b, m, 12, base, name);
                        handler = (int) u32(b, (int) m.body() + 8);
                    }
                }
            }
        }
        if (id < 0) throw Mp4Box.corrupt(name, base + trak.offset(), "a track without a track header (tkhd)");
        if (timescale <= 0) throw Mp4Box.corrupt(name, base + trak.offset(), "a track without a media timescale (mdhd)");
        return new Track(id, timescale, handler);
    }

    /** Checks that box {@code c} has {@code bytes} of body and returns its version byte. */
    static int need(byte[] b, Mp4Box c, int bytes, long base, String name) {
        if (c.size() - c.headerSize() < bytes) {
            throw Mp4Box.corrupt(name, base + c.offset(), "a box '" + Mp4Box.typeName(c.type()) + "' too short for its fields");
        }
        return b[(int) c.body()] & 0xFF;
    }
}
