package org.unveil.archive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * MP3 cutting, checked with Debian's mpg123 decoder: decoding every segment on its own must yield
 * exactly the samples of decoding the whole file (a cut inside a frame loses that frame).
 */
class Mp3SegmenterTest {
    @TempDir Path dir;

    static Path media(String name) throws URISyntaxException {
        return Path.of(Mp3SegmenterTest.class.getResource("/media/" + name).toURI());
    }

    /** Samples mpg123 decodes from {@code file} without gapless trimming; fails on a non-zero exit. */
    static long decodedSamples(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mpg123", "-q", "--no-gapless", "-m", "-s", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long bytes = p.getInputStream().transferTo(OutputStreamNull.INSTANCE);
        assertEquals(0, p.waitFor(), "mpg123 failed on " + file);
        return bytes / 2;
    }

    private List<Path> writeSegments(byte[] mp3, List<Long> starts, long shift) throws IOException {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int from = (int) (starts.get(i) + (i == 0 ? 0 : shift));
            int to = (int) (i + 1 < starts.size() ? starts.get(i + 1) + shift : mp3.length);
            out.add(Files.write(dir.resolve("seg" + i + ".mp3"), Arrays.copyOfRange(mp3, from, to)));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tone-cbr-44k.mp3", "tone-vbr-22k.mp3"})
    void everySegmentPlaysOnItsOwnAndNoFrameIsLost(String name) throws Exception {
        Path file = media(name);
        Mp3Segmenter.Segments s = Mp3Segmenter.segment(file, 4);
        assertTrue(s.hasXingFrame(), "lame writes a Xing/Info frame; it must not count as audio");
        assertEquals(3, s.starts().size(), s.starts().toString()); // 12 s of audio in segments of >= 4 s
        byte[] mp3 = Files.readAllBytes(file);
        long whole = decodedSamples(file);
        long sum = 0;
        for (Path seg : writeSegments(mp3, s.starts(), 0)) {
            long samples = decodedSamples(seg);
            assertTrue(samples > 3 * 8000, seg + " decoded only " + samples + " samples");
            sum += samples;
        }
        assertEquals(whole, sum, "segments decoded one by one must give every frame of the whole file");
        assertEquals(s.frames() * (name.contains("44k") ? 1152 : 576), whole);
    }

    @Test
    void cuttingOffAFrameBoundaryLosesAFrameSoTheCheckAboveCanFail() throws Exception {
        Path file = media("tone-cbr-44k.mp3");
        Mp3Segmenter.Segments s = Mp3Segmenter.segment(file, 4);
        byte[] mp3 = Files.readAllBytes(file);
        long sum = 0;
        for (Path seg : writeSegments(mp3, s.starts(), 50)) sum += decodedSamples(seg);
        assertTrue(sum < decodedSamples(file), "a misaligned cut must lose samples");
    }

    @Test
    void readingOneByteAtATimeGivesTheSameCuts() throws Exception {
        Path file = media("tone-vbr-22k.mp3");
        byte[] mp3 = Files.readAllBytes(file);
        Mp3Segmenter.Segments bulk = Mp3Segmenter.segment(file, 3);
        Mp3Segmenter.Segments slow = Mp3Segmenter.segment(oneByteAtATime(new ByteArrayInputStream(mp3)), mp3.length, 3, "slow");
        assertEquals(bulk, slow);
    }

    @Test
    void id3v1TagAndTrailingBytesStayInTheLastSegment() throws Exception {
        byte[] mp3 = Files.readAllBytes(media("tone-cbr-44k.mp3"));
        byte[] tagged = Arrays.copyOf(mp3, mp3.length + 128);
        System.arraycopy("TAG".getBytes(), 0, tagged, mp3.length, 3);
        Mp3Segmenter.Segments a = Mp3Segmenter.segment(new ByteArrayInputStream(mp3), mp3.length, 4, "a");
        Mp3Segmenter.Segments b = Mp3Segmenter.segment(new ByteArrayInputStream(tagged), tagged.length, 4, "b");
        assertEquals(a.starts(), b.starts());
    }

    @Test
    void nonMp3InputIsRejectedWithTheOffset() {
        byte[] junk = new byte[5000];
        Arrays.fill(junk, (byte) 0x41);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mp3Segmenter.segment(new ByteArrayInputStream(junk), junk.length, 4, "x.mp3"));
        assertEquals("x.mp3 is not an MP3: no MPEG layer III frame at offset 0", e.getMessage());
        byte[] id3Only = {'I', 'D', '3', 3, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0};
        assertThrows(IllegalArgumentException.class, () -> Mp3Segmenter.segment(new ByteArrayInputStream(id3Only), id3Only.length, 4, "y.mp3"));
    }

    static InputStream oneByteAtATime(InputStream in) {
        return new FilterInputStream(in) {
            @Override public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
            @Override public long skip(long n) throws IOException {
                return super.skip(Math.min(n, 1));
            }
        };
    }

    /** Discards bytes; counts come from transferTo's return value. */
    static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();
        @Override public void write(int b) {}
        @Override public void write(byte[] b, int off, int len) {}
    }
}
