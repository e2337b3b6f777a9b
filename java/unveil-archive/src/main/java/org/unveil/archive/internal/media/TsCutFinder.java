package org.unveil.archive.internal.media;

/**
 * Chooses cut points in a transport stream, fed its 188-byte packets in order. A cut point is a
 * PAT packet that is followed by a PMT and then by the first packet of a random-access PES of the
 * timing stream (a video keyframe; any PES of an audio-only stream), with no packet of the timing
 * stream between them and no PES of another stream still unfinished at the PAT. A segment started
 * there holds everything a decoder needs and nothing it cannot use. The first cut point at least
 * SECONDS after the previous cut is taken.
 */
final class TsCutFinder {
    private final String name;
    private final long minTicks;
    private final TsProgram program;
    private final TsSections pat;
    private final TsSections pmt;
    private final TsClock clock = new TsClock();
    private final SegmentCollector cuts;
    private final int[] pesLeft = new int[8192];

    /** The PAT packet that would start a segment, -1 when something since it rules it out. */
    private long patAt = -1;
    /** Clock time at which the current segment starts (the collector keeps its own copy, but does not say whether a cut is due). */
    private long segmentStart;
    private boolean pmtSincePat;
    private boolean sawTimingPes;

    private TsKeyframes keyframes;
    private boolean pending;
    private long pendingCut;
    private long pendingTicks;
    private long pendingOffset;

    TsCutFinder(String name, int seconds) {
        this.name = name;
        this.cuts = new SegmentCollector(MediaFormat.MPEG_TS, TsClock.HZ, seconds, -1);
        this.minTicks = seconds * TsClock.HZ;
        this.program = new TsProgram(name);
        this.pat = new TsSections(name);
        this.pmt = new TsSections(name);
    }

    /** One packet: {@code b[at]} is its sync byte, {@code offset} where it starts in the file. */
    void packet(byte[] b, int at, long offset) {
        if (b[at] != 0x47) {
            throw new MediaFormatException(name + " lost TS sync at offset " + offset + " (no 0x47 where a packet starts); the file is corrupt or not an MPEG-TS");
        }
        int pid = ((b[at + 1] & 0x1F) << 8) | (b[at + 2] & 0xFF);
        int role = program.role(pid);
        if (role == TsProgram.NONE) return; // null packets, SDT, other programs: cut through freely
        boolean start = (b[at + 1] & 0x40) != 0;
        int control = (b[at + 3] >> 4) & 3;
        int payload = at + 4;
        boolean randomAccess = false;
        if ((control & 2) != 0) {
            int adaptation = b[at + 4] & 0xFF;
            if (adaptation > 183) throw corrupt(offset, "an adaptation field longer than its packet");
            if (adaptation > 0) randomAccess = (b[at + 5] & 0x40) != 0;
            payload = at + 5 + adaptation;
        }
        int length = (control & 1) != 0 ? at + 188 - payload : 0;
        switch (role) {
            case TsProgram.PAT -> {
                if (start) {
                    patAt = anyPesOpen() ? -1 : offset;
                    pmtSincePat = false;
                }
                pat.feed(b, payload, length, start, offset, (s, n) -> program.pat(s, n, offset));
            }
            case TsProgram.PMT -> {
                if (start && patAt >= 0) pmtSincePat = true;
                pmt.feed(b, payload, length, start, offset, (s, n) -> program.pmt(s, n, offset));
            }
            case TsProgram.TIMING -> timing(b, payload, length, start, randomAccess, pid, offset);
            default -> other(b, payload, length, start, pid);
        }
    }

    private void timing(byte[] b, int payload, int length, boolean start, boolean randomAccess, int pid, long offset) {
        if (!start) {
            patAt = -1; // this packet continues a PES that began before the PAT
            pesLeft[pid] = Math.max(0, pesLeft[pid] - length);
            if (pending) {
                int verdict = keyframes.feed(b, payload, length);
                if (verdict != TsKeyframes.UNDECIDED) {
                    pending = false;
                    if (verdict == TsKeyframes.KEY) randomAccessPoint(pendingCut, pendingTicks, pendingOffset);
                }
            }
            return;
        }
        pending = false; // an access unit in which no slice was found: not a keyframe
        TsPes pes = TsPes.parse(b, payload, length);
        if (pes == null) throw corrupt(offset, "a packet of the " + (program.timingIsVideo() ? "video" : "first") + " stream that starts no PES packet");
        pesLeft[pid] = pes.length() > 0 ? Math.max(0, pes.length() - length) : 0;
        long ticks = clock.advance(pes.time());
        sawTimingPes = true;
        long candidate = patAt >= 0 && pmtSincePat ? patAt : -1;
        patAt = -1;
        if (randomAccess || !program.timingIsVideo()) {
            randomAccessPoint(candidate, ticks, offset);
            return;
        }
        if (keyframes == null || keyframes.streamType() != program.timingType()) keyframes = new TsKeyframes(program.timingType());
        keyframes.reset();
        if (pes.dataStart() >= length) return; // the PES header continues in the next packet: rare, and then only the flag counts
        int verdict = keyframes.feed(b, payload + pes.dataStart(), length - pes.dataStart());
        if (verdict == TsKeyframes.KEY) {
            randomAccessPoint(candidate, ticks, offset);
        } else if (verdict == TsKeyframes.UNDECIDED) {
            pending = true;
            pendingCut = candidate;
            pendingTicks = ticks;
            pendingOffset = offset;
        }
    }

    private void other(byte[] b, int payload, int length, boolean start, int pid) {
        if (start) {
            TsPes pes = TsPes.parse(b, payload, length);
            pesLeft[pid] = pes == null || pes.length() == 0 ? 0 : Math.max(0, pes.length() - length);
        } else {
            pesLeft[pid] = Math.max(0, pesLeft[pid] - length);
        }
    }

    private boolean anyPesOpen() {
        if (program.timingPid() >= 0 && pesLeft[program.timingPid()] > 0) return true;
        for (int pid : program.others()) if (pesLeft[pid] > 0) return true;
        return false;
    }

    /** A keyframe (or audio packet) starting at {@code offset}; {@code cut} is the PAT before it, or -1. */
    private void randomAccessPoint(long cut, long ticks, long offset) {
        long since = ticks - segmentStart;
        if (since < minTicks) return;
        if (cut >= 0) {
            cuts.boundary(cut, ticks);
            segmentStart = ticks;
        } else if (since >= 2 * minTicks) {
            throw notRepeated(offset, ticks);
        }
    }

    private MediaFormatException notRepeated(long offset, long ticks) {
        String what = program.timingIsVideo() ? "keyframe" : "audio packet";
        String fix = program.timingIsVideo() ? "-mpegts_flags +pat_pmt_at_frames " : "";
        return new MediaFormatException(String.format(
                "%s: no %s from %.1f s to %.1f s (the last at offset %d) comes right after a PAT and a PMT, so no segment of this stream could start there and decode alone: "
                        + "its muxer does not repeat PAT and PMT before %ss. Remux it without re-encoding so that it does, then cut the result: "
                        + "ffmpeg -i %s -map 0 -c copy %s-f mpegts %s",
                name, what, (segmentStart + minTicks) / (double) TsClock.HZ, ticks / (double) TsClock.HZ, offset, what, Shell.quote(name), fix,
                Shell.quote(remuxedName())));
    }

    private String remuxedName() {
        int dot = name.lastIndexOf('.');
        return (dot > name.lastIndexOf('/') ? name.substring(0, dot) : name) + "-cuttable.ts";
    }

    private MediaFormatException corrupt(long offset, String what) {
        return new MediaFormatException(name + " has " + what + " in the TS packet at offset " + offset + "; the file is corrupt");
    }

    MediaPlan finish() {
        if (!program.hasPmt()) {
            throw new MediaFormatException(name + " holds no PAT and PMT, so no player can find its streams; it is not a playable MPEG-TS");
        }
        if (!sawTimingPes) {
            throw new MediaFormatException(name + " holds no PES packet of its " + (program.timingIsVideo() ? "video" : "first") + " stream; there is nothing to play");
        }
        return cuts.finish(clock.end());
    }
}
