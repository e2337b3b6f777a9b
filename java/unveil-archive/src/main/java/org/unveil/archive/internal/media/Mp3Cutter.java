package org.unveil.archive.internal.media;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.unveil.archive.internal.Mp3Segmenter;

/**
 * MP3 as a {@link MediaCutter}: {@link Mp3Segmenter}'s frame-boundary cuts. Every MP3 segment
 * plays alone (no header segment): the ID3v2 tag and Xing/Info frame stay in segment 0.
 */
public final class Mp3Cutter implements MediaCutter {
    @Override
    public MediaFormat format() {
        return MediaFormat.MP3;
    }

    @Override
    public boolean recognizes(byte[] head) {
        if (head.length >= 3 && head[0] == 'I' && head[1] == 'D' && head[2] == '3') return true;
        return head.length >= 2 && (head[0] & 0xff) == 0xff && (head[1] & 0xe6) == 0xe2; // 11-bit sync, layer III
    }

    @Override
    public MediaPlan plan(Path file, int seconds) throws IOException {
        Mp3Segmenter.Segments s;
        try {
            s = Mp3Segmenter.segment(file, seconds);
        } catch (MediaFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new MediaFormatException(e.getMessage());
        }
        List<MediaPlan.Segment> segments = new ArrayList<>();
        for (int i = 0; i < s.starts().size(); i++) {
            long start = s.startMicros().get(i), end = i + 1 < s.starts().size() ? s.startMicros().get(i + 1) : s.totalMicros();
            segments.add(new MediaPlan.Segment(s.starts().get(i), start, end - start));
        }
        return new MediaPlan(MediaFormat.MP3, segments, false);
    }
}
