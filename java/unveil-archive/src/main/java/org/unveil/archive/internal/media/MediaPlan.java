package org.unveil.archive.internal.media;

import java.util.List;

/**
 * Where a media cutter cuts one file. Segments tile the file in order (the first at offset 0);
 * concatenating them gives the original bytes.
 *
 * @param headerSegment true when segment 0 holds only the stream's headers (an fMP4 init
 *     segment, FLAC's metadata blocks, Ogg's codec header pages): it has no media time, and any
 *     other segment plays when appended to it. False when every segment plays alone (MP3, TS).
 */
public record MediaPlan(MediaFormat format, List<Segment> segments, boolean headerSegment) {
    /**
     * @param offset first byte of the segment in the file
     * @param startMicros media time at which the segment starts (0 for a header segment)
     * @param durationMicros media time the segment holds (0 for a header segment)
     */
    public record Segment(long offset, long startMicros, long durationMicros) {}

    public MediaPlan {
        segments = List.copyOf(segments);
        if (segments.isEmpty() || segments.get(0).offset() != 0) throw new IllegalArgumentException("a plan starts at offset 0");
        if (headerSegment && segments.size() < 2) throw new IllegalArgumentException("a header segment needs a media segment after it");
    }
}
