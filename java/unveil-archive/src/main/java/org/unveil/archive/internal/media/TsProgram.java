package org.unveil.archive.internal.media;

import java.util.Arrays;

/**
 * What the latest PAT and PMT say about the first program of a transport stream: which PID carries
 * its PMT, its video (the first H.264, HEVC or MPEG-1/2 video stream) and its other elementary
 * streams. The cutter times and cuts on the video stream, or on the first elementary stream when
 * there is no video.
 */
final class TsProgram {
    // Ints in a PID-indexed array rather than a map of enums: the role is looked up for every packet.
    static final int NONE = 0, PAT = 1, PMT = 2, TIMING = 3, OTHER = 4;

    private final String name;
    private final byte[] roles = new byte[8192];
    private int pmtPid = -1;
    private int timingPid = -1;
    private int timingType = -1;
    private boolean timingIsVideo;
    private int[] others = new int[0];

    TsProgram(String name) {
        this.name = name;
        roles[0] = PAT;
    }

    int role(int pid) {
        return roles[pid];
    }

    int timingPid() {
        return timingPid;
    }

    /** The PMT stream_type of the timing stream (0x1B H.264, 0x24 HEVC, 0x01/0x02 MPEG video, or an audio type). */
    int timingType() {
        return timingType;
    }

    boolean timingIsVideo() {
        return timingIsVideo;
    }

    boolean hasPmt() {
        return timingPid >= 0;
    }

    /** Elementary streams other than the timing one. */
    int[] others() {
        return others;
    }

    void pat(byte[] s, int len, long offset) {
        if ((s[0] & 0xFF) != 0x00 || len < 12) throw corrupt(offset, "a PAT that is not one");
        if ((s[5] & 1) == 0) return; // "next" table, not yet in force
        for (int i = 8; i + 4 <= len - 4; i += 4) {
            int program = ((s[i] & 0xFF) << 8) | (s[i + 1] & 0xFF);
            int pid = ((s[i + 2] & 0x1F) << 8) | (s[i + 3] & 0xFF);
            if (program == 0) continue; // the network information table, not a program
            if (pid != pmtPid) {
                if (pid == 0) throw corrupt(offset, "a PAT that puts a PMT on PID 0");
                clearStreams();
                if (pmtPid >= 0) roles[pmtPid] = NONE;
                pmtPid = pid;
                roles[pid] = PMT;
            }
            return;
        }
        throw new MediaFormatException(name + ": the PAT at offset " + offset + " lists no program; there is nothing to play");
    }

    void pmt(byte[] s, int len, long offset) {
        if ((s[0] & 0xFF) != 0x02) return; // another table on the PMT PID
        if (len < 16) throw corrupt(offset, "a PMT too short to hold a stream");
        if ((s[5] & 1) == 0) return;
        clearStreams();
        int[] pids = new int[0];
        int[] types = new int[0];
        int at = 12 + (((s[10] & 0x0F) << 8) | (s[11] & 0xFF));
        while (at + 5 <= len - 4) {
            int pid = ((s[at + 1] & 0x1F) << 8) | (s[at + 2] & 0xFF);
            if (pid < 0x10 || pid == 0x1FFF || pid == pmtPid) throw corrupt(offset, "a PMT that puts a stream on reserved PID " + pid);
            pids = Arrays.copyOf(pids, pids.length + 1);
            types = Arrays.copyOf(types, types.length + 1);
            pids[pids.length - 1] = pid;
            types[types.length - 1] = s[at] & 0xFF;
            at += 5 + (((s[at + 3] & 0x0F) << 8) | (s[at + 4] & 0xFF));
            if (at > len - 4) throw corrupt(offset, "a PMT whose stream entry runs past its end");
        }
        if (pids.length == 0) throw new MediaFormatException(name + ": the PMT at offset " + offset + " lists no stream; there is nothing to play");
        int timing = 0;
        for (int i = pids.length - 1; i >= 0; i--) if (isVideo(types[i])) timing = i;
        timingIsVideo = isVideo(types[timing]);
        if (timingIsVideo && !cutsVideo(types[timing])) throw unsupportedVideo(types[timing]);
        timingPid = pids[timing];
        timingType = types[timing];
        others = new int[pids.length - 1];
        for (int i = 0, k = 0; i < pids.length; i++) if (i != timing) others[k++] = pids[i];
        for (int pid : others) roles[pid] = OTHER;
        roles[timingPid] = TIMING;
    }

    private void clearStreams() {
        if (timingPid >= 0) roles[timingPid] = NONE;
        for (int pid : others) roles[pid] = NONE;
        timingPid = -1;
        timingType = -1;
        timingIsVideo = false;
        others = new int[0];
    }

    /** Video stream types of ISO/IEC 13818-1 Table 2-34 and common registrations. */
    private static boolean isVideo(int type) {
        return switch (type) {
            case 0x01, 0x02, 0x10, 0x1B, 0x1E, 0x1F, 0x20, 0x24, 0x33, 0x42, 0xD1, 0xEA -> true;
            default -> false;
        };
    }

    /** The video types whose keyframes {@link TsKeyframes} recognises. */
    static boolean cutsVideo(int type) {
        return type == 0x01 || type == 0x02 || type == 0x1B || type == 0x24;
    }

    private MediaFormatException unsupportedVideo(int type) {
        return new MediaFormatException(String.format(
                "%s carries video of stream type 0x%02X, in which this cutter cannot find keyframes (it cuts H.264, HEVC and MPEG-1/2 video). "
                        + "Re-encode the video, keeping the audio: ffmpeg -i %s -c:v libx264 -c:a copy -f mpegts OUT.ts",
                name, type, Shell.quote(name)));
    }

    private MediaFormatException corrupt(long offset, String what) {
        return new MediaFormatException(name + " has " + what + " at offset " + offset + "; the file is corrupt");
    }
}
