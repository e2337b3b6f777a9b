package org.unveil.archive.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds cut points in an MP3 file so every segment starts on a frame boundary and holds at least
 * the requested duration of audio. A leading ID3v2 tag and a Xing/Info/VBRI frame (metadata, no
 * audio) stay in segment 0; anything after the last frame (an ID3v1 tag, say) stays in the last
 * segment. Concatenating the segments gives the original bytes. Reads the file once, sequentially,
 * keeping only a frame header in memory.
 */
public final class Mp3Segmenter {
    private Mp3Segmenter() {}

    /**
     * Result: segment start offsets (the first is 0), the audio frame count seen, and each
     * segment's start in whole microseconds of audio with the total (floored, so they tile).
     */
    public record Segments(List<Long> starts, long frames, boolean hasXingFrame, List<Long> startMicros, long totalMicros) {}

    /**
     * Audio time is counted exactly in ticks of 14,112,000 Hz, the least common multiple of every
     * MPEG audio sample rate, so a file whose rate changes midway still adds up without rounding.
     */
    private static final long TICKS_PER_SECOND = 14_112_000L;

    private static long micros(long ticks) {
        return org.unveil.archive.internal.media.MediaClock.micros(ticks, TICKS_PER_SECOND);
    }

    public static Segments segment(Path file, int seconds) throws IOException {
        long size = Files.size(file);
        try (InputStream raw = Files.newInputStream(file); InputStream in = new BufferedInputStream(raw, 1 << 20)) {
            return segment(in, size, seconds, file.toString());
        }
    }

    static Segments segment(InputStream source, long size, int seconds, String name) throws IOException {
        PushbackInputStream in = new PushbackInputStream(source, 64);
        long frameOffset = 0;
        byte[] head = new byte[10];
        int got = in.readNBytes(head, 0, 10);
        if (got == 10 && head[0] == 'I' && head[1] == 'D' && head[2] == '3') {
            frameOffset = 10 + syncsafe(head, 6, name) + ((head[5] & 0x10) != 0 ? 10 : 0);
            skipFully(in, frameOffset - 10, name);
        } else {
            in.unread(head, 0, got);
        }
        List<Long> starts = new ArrayList<>();
        List<Long> startMicros = new ArrayList<>();
        starts.add(0L);
        startMicros.add(0L);
        long ticks = 0;
        byte[] frameStart = new byte[4 + 36 + 4];
        long frames = 0;
        boolean xing = false;
        long segmentTicks = 0;
        while (frameOffset + 4 <= size) {
            int want = (int) Math.min(frameStart.length, size - frameOffset);
            if (in.readNBytes(frameStart, 0, want) != want) throw new IllegalArgumentException(name + " changed while being read");
            Mp3Frames.Header h = Mp3Frames.parse(frameStart, 0);
            if (h == null || frameOffset + h.length() > size) {
                if (frames == 0) throw new IllegalArgumentException(name + " is not an MP3: no MPEG layer III frame at offset " + frameOffset);
                break; // trailing tag or junk: stays in the last segment
            }
            if (frames == 0 && !xing && isMetadataFrame(frameStart, h, want)) {
                xing = true;
            } else {
                if (segmentTicks >= seconds * TICKS_PER_SECOND) {
                    starts.add(frameOffset);
                    startMicros.add(micros(ticks));
                    segmentTicks = 0;
                }
                long frameTicks = h.samples() * (TICKS_PER_SECOND / h.sampleRate());
                segmentTicks += frameTicks;
                ticks += frameTicks;
                frames++;
            }
            if (h.length() < want) {
                in.unread(frameStart, h.length(), want - h.length());
            } else {
                skipFully(in, h.length() - want, name);
            }
            frameOffset += h.length();
        }
        if (frames == 0) throw new IllegalArgumentException(name + " is not an MP3: it holds no audio frames");
        return new Segments(List.copyOf(starts), frames, xing, List.copyOf(startMicros), micros(ticks));
    }

    private static boolean isMetadataFrame(byte[] f, Mp3Frames.Header h, int available) {
        int at = h.sideInfoEnd();
        if (at + 4 <= available && (tagAt(f, at, "Xing") || tagAt(f, at, "Info"))) return true;
        return 36 + 4 <= available && tagAt(f, 36, "VBRI");
    }

    private static boolean tagAt(byte[] f, int at, String tag) {
        return Arrays.equals(f, at, at + 4, tag.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 4);
    }

    private static long syncsafe(byte[] b, int off, String name) {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            if ((b[off + i] & 0x80) != 0) throw new IllegalArgumentException(name + " has a malformed ID3v2 tag size");
            v = (v << 7) | (b[off + i] & 0x7f);
        }
        return v;
    }

    private static void skipFully(InputStream in, long n, String name) throws IOException {
        if (n < 0) return;
        try {
            in.skipNBytes(n);
        } catch (java.io.EOFException e) {
            throw new IllegalArgumentException(name + " ends inside an ID3v2 tag or MP3 frame", e);
        }
    }
}
