package org.unveil.archive.internal.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fragmented MP4 cutting, checked with Debian's ffmpeg: the init segment followed by any one
 * media segment decodes without a logged error and holds the frames the plan says; the segments
 * are the file; plain MP4 is refused with a remux command that works.
 */
class Fmp4CutterTest {
    @TempDir static Path media;
    @TempDir Path dir;

    static final long FRAME = 40_000; // 25 fps
    static final List<String> FRAGMENTED = List.of("-movflags", "+frag_keyframe+empty_moov+default_base_moof");
    static Path h264, hevc, dash, audio, plain, halfSecond;
    final Fmp4Cutter cutter = new Fmp4Cutter();

    static List<String> with(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @BeforeAll
    static void makeMedia() throws Exception {
        h264 = Ffmpeg.make(media, "h264.mp4", with(Ffmpeg.film(Ffmpeg.H264), FRAGMENTED));
        hevc = Ffmpeg.make(media, "hevc.mp4", with(Ffmpeg.film(Ffmpeg.HEVC), FRAGMENTED));
        // DASH-style: sidx and prft boxes before every moof, which belong to the fragment after them.
        dash = Ffmpeg.make(media, "dash.mp4", List.of("-i", "h264.mp4", "-c", "copy", "-movflags", "+frag_keyframe+empty_moov+default_base_moof+dash", "-write_prft", "wallclock"));
        audio = Ffmpeg.make(media, "audio.mp4", List.of("-f", "lavfi", "-i", "sine=frequency=440", "-t", "8", "-c:a", "aac",
                "-movflags", "+empty_moov+default_base_moof", "-frag_duration", "500000"));
        // Fragments every 0.5 s whatever the frames: most start between keyframes.
        halfSecond = Ffmpeg.make(media, "half-second.mp4", List.of("-i", "h264.mp4", "-c", "copy", "-movflags", "+empty_moov+default_base_moof", "-frag_duration", "500000"));
        plain = Ffmpeg.make(media, "plain.mp4", List.of("-i", "h264.mp4", "-c", "copy"));
    }

    MediaPlan cutAndDecodeEach(Path file, int seconds, long tolerance) throws Exception {
        MediaPlan plan = cutter.plan(file, seconds);
        assertTrue(plan.headerSegment());
        assertEquals(new MediaPlan.Segment(0, 0, 0), plan.segments().get(0));
        assertEquals(Ffmpeg.sha256(file), Ffmpeg.sha256OfSegments(file, plan), "the segments must be the file");
        List<Path> segments = Ffmpeg.split(file, plan, dir, "mp4");
        long at = 0;
        for (int i = 0; i < segments.size(); i++) {
            MediaPlan.Segment s = plan.segments().get(i + 1);
            Ffmpeg.Decoded d = Ffmpeg.decode(segments.get(i));
            assertTrue(d.clean(), "init + segment " + (i + 1) + " of " + file.getFileName() + " does not decode: exit " + d.exit() + "\n" + d.errors());
            assertTrue(Math.abs(d.micros() - s.durationMicros()) <= tolerance,
                    "segment " + (i + 1) + " decodes to " + d.micros() + " µs (" + d.frames() + " frames), the plan says " + s.durationMicros());
            assertEquals(at, s.startMicros(), "segment " + (i + 1) + " starts where the previous one ends");
            at += s.durationMicros();
            if (i + 1 < segments.size()) assertTrue(s.durationMicros() >= seconds * 1_000_000L, "segment " + (i + 1) + " is shorter than " + seconds + " s: " + s);
        }
        return plan;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h264", "hevc"})
    void theInitSegmentAndAnyMediaSegmentDecodeForItsPlannedDuration(String codec) throws Exception {
        MediaPlan plan = cutAndDecodeEach(codec.equals("h264") ? h264 : hevc, 2, FRAME);
        assertEquals(5, plan.segments().size(), plan.toString()); // the init segment, then 8 s with a keyframe every 1.2 s: cuts at 2.4, 4.8, 7.2 s
        long total = plan.segments().stream().mapToLong(MediaPlan.Segment::durationMicros).sum();
        assertEquals(8_000_000, total, FRAME);
    }

    @Test
    void cutPointsHonourSeconds() throws Exception {
        for (int seconds : new int[] {1, 3, 5, 9}) {
            List<MediaPlan.Segment> s = cutter.plan(h264, seconds).segments();
            for (int i = 1; i + 1 < s.size(); i++) assertTrue(s.get(i).durationMicros() >= seconds * 1_000_000L, seconds + " s: " + s);
            assertEquals(1 + Ffmpeg.filmSegments(seconds), s.size(), seconds + " s: " + s);
        }
    }

    @Test
    void aByteCutInTheMiddleDoesNotDecodeCleanlyEvenAfterTheInitSegment() throws Exception {
        byte[] all = Files.readAllBytes(h264);
        int init = (int) cutter.plan(h264, 2).segments().get(1).offset();
        byte[] b = new byte[init + all.length - all.length / 2];
        System.arraycopy(all, 0, b, 0, init);
        System.arraycopy(all, all.length / 2, b, init, all.length - all.length / 2);
        assertFalse(Ffmpeg.decode(Files.write(dir.resolve("half.mp4"), b)).clean(), "a cut at byte " + all.length / 2 + " decoded cleanly");
    }

    @Test
    void fragmentsThatStartBetweenKeyframesAreNotCutPoints() throws Exception {
        byte[] all = Files.readAllBytes(halfSecond);
        int moofs = 0;
        for (int at = 0; at < all.length; at += ByteBuffer.wrap(all, at, 4).getInt()) if (new String(all, at + 4, 4).equals("moof")) moofs++;
        assertTrue(moofs >= 14, moofs + " fragments");
        MediaPlan plan = cutAndDecodeEach(halfSecond, 2, FRAME);
        for (MediaPlan.Segment s : plan.segments()) assertEquals(0, s.startMicros() % 1_200_000, "a segment starts on a keyframe: " + plan);
        assertTrue(plan.segments().size() >= 3, plan.toString());
    }

    @Test
    void boxesBeforeAMoofTravelWithIt() throws Exception {
        MediaPlan plan = cutAndDecodeEach(dash, 2, FRAME);
        byte[] all = Files.readAllBytes(dash);
        for (MediaPlan.Segment s : plan.segments().subList(1, plan.segments().size())) {
            assertEquals("sidx", new String(all, (int) s.offset() + 4, 4), "segment at " + s.offset() + " starts with the sidx before its moof");
        }
    }

    @Test
    void audioOnlyFilesAreCutAtAnyFragment() throws Exception {
        MediaPlan plan = cutAndDecodeEach(audio, 2, 25_000);
        assertTrue(plan.segments().size() >= 4, plan.toString());
    }

    @Test
    void theMfraAtTheEndStaysInTheLastSegment() throws Exception {
        byte[] all = Files.readAllBytes(h264);
        long mfra = all.length - ByteBuffer.wrap(all, all.length - 4, 4).getInt(); // mfro, the last box, gives the mfra's size
        assertEquals("mfra", new String(all, (int) mfra + 4, 4));
        List<MediaPlan.Segment> s = cutter.plan(h264, 2).segments();
        assertTrue(s.get(s.size() - 1).offset() < mfra);
    }

    @Test
    void aPlainMp4IsRefusedWithTheRemuxThatMakesItCuttable() throws Exception {
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> cutter.plan(plain, 2));
        assertTrue(e.getMessage().contains("is a plain (unfragmented) MP4: its media data (mdat) comes before its moov"), e.getMessage());
        assertTrue(e.getMessage().endsWith("ffmpeg -i " + plain + " -c copy -movflags +frag_keyframe+empty_moov+default_base_moof " + media.resolve("plain-fragmented.mp4")), e.getMessage());
        assertTrue(cutter.recognizes(Arrays.copyOf(Files.readAllBytes(plain), 4096)), "recognised, so that the refusal says what to do");
        Ffmpeg.runSuggested(e.getMessage(), dir);
        cutAndDecodeEach(media.resolve("plain-fragmented.mp4"), 2, FRAME);

        Path faststart = Ffmpeg.make(dir, "faststart.mp4", List.of("-i", plain.toString(), "-c", "copy", "-movflags", "+faststart"));
        e = assertThrows(MediaFormatException.class, () -> cutter.plan(faststart, 2));
        assertTrue(e.getMessage().contains("its moov box has no mvex") && e.getMessage().contains("+frag_keyframe+empty_moov+default_base_moof"), e.getMessage());

        Path noEmptyMoov = Ffmpeg.make(dir, "first-in-moov.mp4", List.of("-i", plain.toString(), "-c", "copy", "-movflags", "+frag_keyframe"));
        e = assertThrows(MediaFormatException.class, () -> cutter.plan(noEmptyMoov, 2));
        assertTrue(e.getMessage().contains("written without empty_moov") && e.getMessage().contains("+frag_keyframe+empty_moov+default_base_moof"), e.getMessage());
    }

    @Test
    void mediaSegmentsWithoutTheirInitSegmentAreRefused() throws Exception {
        byte[] all = Files.readAllBytes(h264);
        int init = (int) cutter.plan(h264, 2).segments().get(1).offset();
        byte[] b = Arrays.copyOfRange(all, init - 24, all.length); // a styp-like start: reuse the ftyp as one
        System.arraycopy(new byte[] {0, 0, 0, 24, 's', 't', 'y', 'p'}, 0, b, 0, 8);
        Path segments = Files.write(dir.resolve("segments.m4s"), b);
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> cutter.plan(segments, 2));
        assertTrue(e.getMessage().contains("holds no init segment"), e.getMessage());
    }

    @Test
    void otherFormatsAreNeitherRecognisedNorCut() throws Exception {
        Path ts = Ffmpeg.make(dir, "film.ts", List.of("-i", h264.toString(), "-c", "copy", "-f", "mpegts"));
        Path mp3 = Path.of(Fmp4CutterTest.class.getResource("/media/tone-cbr-44k.mp3").toURI());
        for (Path other : List.of(ts, mp3)) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(other), 4096);
            assertFalse(cutter.recognizes(head), other.toString());
            assertThrows(MediaFormatException.class, () -> cutter.plan(other, 2), other.toString());
            assertFalse(new MpegTsCutter().recognizes(Arrays.copyOf(Files.readAllBytes(h264), 4096)));
            if (other == mp3) {
                assertFalse(new MpegTsCutter().recognizes(head));
                assertThrows(MediaFormatException.class, () -> new MpegTsCutter().plan(other, 2));
            }
        }
        assertThrows(MediaFormatException.class, () -> new MpegTsCutter().plan(h264, 2));
    }

    @Test
    void oversizedAndNonsenseBoxesAreRefused() throws Exception {
        byte[] all = Files.readAllBytes(h264);
        int init = (int) cutter.plan(h264, 2).segments().get(1).offset();
        Path big = dir.resolve("big-moof.mp4");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.write(all, 0, init);
            f.writeInt(17 << 20);
            f.writeBytes("moof");
            f.setLength(init + (17 << 20));
        }
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> cutter.plan(big, 2));
        assertTrue(e.getMessage().contains("this cutter reads at most 16 MiB"), e.getMessage());

        byte[] tiny = all.clone();
        ByteBuffer.wrap(tiny).putInt(init, 4); // a moof of 4 bytes, smaller than its header
        e = assertThrows(MediaFormatException.class, () -> cutter.plan(Files.write(dir.resolve("tiny.mp4"), tiny), 2));
        assertTrue(e.getMessage().contains("smaller than its own header"), e.getMessage());

        byte[] huge = all.clone();
        ByteBuffer.wrap(huge).putInt(init, 1).putLong(init + 8, Long.MAX_VALUE / 2); // a 64-bit size far past the end
        e = assertThrows(MediaFormatException.class, () -> cutter.plan(Files.write(dir.resolve("huge.mp4"), huge), 2));
        assertTrue(e.getMessage().contains("where its file has " + (all.length - init) + " left"), e.getMessage());
    }

    @Test
    void truncatedAndCorruptedFilesGiveATypedErrorOrAWellFormedPlanQuickly() throws Exception {
        byte[] all = Files.readAllBytes(h264);
        MediaPlan clean = cutter.plan(h264, 2);
        Random rnd = new Random(11);
        Ffmpeg.fuzz(cutter, dir.resolve("bad.mp4"), all, clean, rnd, i -> {
            // Half the time at a box boundary (the end of a fragment), where a truncated file still has whole boxes.
            MediaPlan.Segment seg = clean.segments().get(1 + rnd.nextInt(clean.segments().size() - 1));
            return Arrays.copyOf(all, i % 2 == 0 && seg.offset() > clean.segments().get(1).offset() ? (int) seg.offset() : rnd.nextInt(all.length));
        });
    }
}
