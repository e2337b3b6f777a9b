package org.unveil.archive.internal.media;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Cuts FLAC on frame boundaries (spec/archive-format.md, "FLAC cutting"). Segment 0 is the header
 * segment: the "fLaC" marker and every metadata block, which a decoder needs before any frame.
 * A frame ends where the next one starts; that is found by scanning for the next header that is
 * valid, agrees with STREAMINFO, carries the next frame number, and closes a frame whose CRC-16
 * matches, so sync-like bytes in audio data never become a cut. One pass, {@link MediaInput}'s
 * buffer of memory.
 */
public final class FlacCutter implements MediaCutter {
    @Override
    public MediaFormat format() {
        return MediaFormat.FLAC;
    }

    @Override
    public boolean recognizes(byte[] head) {
        return head.length >= 4 && head[0] == 'f' && head[1] == 'L' && head[2] == 'a' && head[3] == 'C';
    }

    @Override
    public MediaPlan plan(Path file, int seconds) throws IOException {
        try (MediaInput in = MediaInput.open(file)) {
            FlacMetadata meta = FlacMetadata.read(in);
            FlacFrameHeader frame = FlacFrameHeader.at(in, meta);
            if (frame == null) {
                throw new MediaFormatException(in.name() + " has no FLAC frame where its metadata ends (offset " + meta.end() + "): the file holds no audio or is corrupt");
            }
            SegmentCollector segments = new SegmentCollector(MediaFormat.FLAC, meta.sampleRate(), seconds, meta.end());
            long samples = 0;
            while (frame != null) {
                long start = in.position();
                segments.boundary(start, samples);
                FlacFrameHeader next = walkFrame(in, meta, frame, start);
                samples += frame.blockSize();
                frame = next;
            }
            if (meta.totalSamples() != 0 && meta.totalSamples() != samples) {
                throw new MediaFormatException(in.name() + ": its FLAC frames hold " + samples + " samples per channel but STREAMINFO says " + meta.totalSamples()
                        + ": the file is truncated or corrupt; re-encode it (ffmpeg -i IN -c:a flac OUT.flac) or cut it by bytes");
            }
            return segments.finish(samples);
        }
    }

    /**
     * Moves past the frame starting at {@code start}, feeding its bytes to the CRC-16; returns the
     * next frame's header, or null when this was the last frame. A candidate is looked at only
     * where the CRC of the bytes so far is 0 (the frame would end there) and an 0xFF starts.
     */
    private static FlacFrameHeader walkFrame(MediaInput in, FlacMetadata meta, FlacFrameHeader frame, long start) throws IOException {
        long minEnd = start + Math.max(meta.minFrame(), frame.length() + 2);
        int crc = 0;
        while (true) {
            java.nio.ByteBuffer window = in.buffered();
            if (!window.hasRemaining()) break;
            long at = in.position();
            int n = window.remaining(), i = 0;
            for (; i < n; i++) {
                int b = window.get(i) & 0xff;
                if (crc == 0 && b == 0xff && at + i >= minEnd) break;
                crc = Crc.crc16(crc, b);
            }
            in.skip(i);
            if (meta.maxFrame() > 0 && in.position() - start > meta.maxFrame()) {
                throw new MediaFormatException(in.name() + ": no FLAC frame ends within STREAMINFO's maximum frame size of " + meta.maxFrame()
                        + " bytes after the frame at offset " + start + ": the file is corrupt; re-encode it or cut it by bytes");
            }
            if (i == n) continue;
            FlacFrameHeader next = FlacFrameHeader.at(in, meta);
            if (next != null && follows(frame, next)) return next;
            crc = Crc.crc16(crc, 0xff);
            in.skip(1);
        }
        if (crc != 0) {
            throw new MediaFormatException(in.name() + ": the last FLAC frame (offset " + start + ") fails its CRC-16: the file is truncated or corrupt;"
                    + " re-encode it or cut it by bytes");
        }
        return null;
    }

    /** Whether {@code next} is the frame right after {@code frame}: same blocking strategy and the next frame or sample number. */
    private static boolean follows(FlacFrameHeader frame, FlacFrameHeader next) {
        if (next.variable() != frame.variable()) return false;
        return next.number() == (frame.variable() ? frame.number() + frame.blockSize() : frame.number() + 1);
    }
}
