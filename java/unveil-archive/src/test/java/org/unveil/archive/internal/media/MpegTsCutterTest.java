package org.unveil.archive.internal.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * MPEG-TS cutting, checked with Debian's ffmpeg: every segment decodes alone without a logged
 * error, holds the frames the plan says, and the segments are the file.
 */
class MpegTsCutterTest {
    @TempDir static Path media;
    @TempDir Path dir;

    static final long FRAME = 40_000; // 25 fps
    static Path h264, hevc, mpeg2, audio, m2ts;
    final MpegTsCutter cutter = new MpegTsCutter();

    @BeforeAll
    static void makeMedia() throws Exception {
        h264 = Ffmpeg.make(media, "h264.ts", Ffmpeg.film(Ffmpeg.H264));
        hevc = Ffmpeg.make(media, "hevc.ts", Ffmpeg.film(Ffmpeg.HEVC));
        mpeg2 = Ffmpeg.make(media, "mpeg2.ts", Ffmpeg.film(Ffmpeg.MPEG2));
        audio = Ffmpeg.make(media, "audio.ts", List.of("-f", "lavfi", "-i", "sine=frequency=440", "-t", "8", "-c:a", "aac"));
        List<String> bluRay = new ArrayList<>(Ffmpeg.film(Ffmpeg.H264));
        bluRay.addAll(List.of("-f", "mpegts", "-mpegts_m2ts_mode", "1"));
        m2ts = Ffmpeg.make(media, "film.m2ts", bluRay);
    }

    static Path film(String codec) {
        return switch (codec) {
            case "h264" -> h264;
            case "hevc" -> hevc;
            default -> mpeg2;
        };
    }

    /** Cuts {@code file}, then decodes every segment on its own and compares it with the plan. */
    MediaPlan cutAndDecodeEach(Path file, int seconds, long tolerance) throws Exception {
        return cutAndDecodeEach(file, seconds, tolerance, tolerance);
    }

    /** {@code lastTolerance}: the end of the last segment is its last PES's start plus the step before it, which overstates a short final audio PES. */
    MediaPlan cutAndDecodeEach(Path file, int seconds, long tolerance, long lastTolerance) throws Exception {
        MediaPlan plan = cutter.plan(file, seconds);
        assertFalse(plan.headerSegment());
        assertEquals(Ffmpeg.sha256(file), Ffmpeg.sha256OfSegments(file, plan), "the segments must be the file");
        List<Path> segments = Ffmpeg.split(file, plan, dir, "ts");
        long at = 0;
        for (int i = 0; i < segments.size(); i++) {
            MediaPlan.Segment s = plan.segments().get(i);
            Ffmpeg.Decoded d = Ffmpeg.decode(segments.get(i));
            assertTrue(d.clean(), "segment " + i + " of " + file.getFileName() + " does not decode alone: exit " + d.exit() + "\n" + d.errors());
            assertTrue(Math.abs(d.micros() - s.durationMicros()) <= (i + 1 < segments.size() ? tolerance : lastTolerance),
                    "segment " + i + " decodes to " + d.micros() + " µs (" + d.frames() + " frames), the plan says " + s.durationMicros());
            assertEquals(at, s.startMicros(), "segment " + i + " starts where the previous one ends");
            at += s.durationMicros();
            if (i + 1 < segments.size()) assertTrue(s.durationMicros() >= seconds * 1_000_000L, "segment " + i + " is shorter than " + seconds + " s: " + s);
        }
        return plan;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h264", "hevc", "mpeg2"})
    void everySegmentOfAFilmDecodesAloneForItsPlannedDuration(String codec) throws Exception {
        MediaPlan plan = cutAndDecodeEach(film(codec), 2, FRAME);
        assertEquals(4, plan.segments().size(), plan.toString()); // 8 s, a keyframe every 1.2 s: cuts at 2.4, 4.8, 7.2 s
        long total = plan.segments().stream().mapToLong(MediaPlan.Segment::durationMicros).sum();
        assertEquals(8_000_000, total, FRAME);
    }

    @Test
    void cutPointsHonourSeconds() throws Exception {
        for (int seconds : new int[] {1, 3, 5, 9}) {
            MediaPlan plan = cutter.plan(h264, seconds);
            List<MediaPlan.Segment> s = plan.segments();
            for (int i = 0; i + 1 < s.size(); i++) assertTrue(s.get(i).durationMicros() >= seconds * 1_000_000L, seconds + " s: " + s);
            assertEquals(Ffmpeg.filmSegments(seconds), s.size(), seconds + " s: " + s);
        }
    }

    @Test
    void aByteCutInTheMiddleDoesNotDecodeCleanlySoTheCheckAboveCanFail() throws Exception {
        byte[] all = Files.readAllBytes(h264);
        Path half = Files.write(dir.resolve("half.ts"), Arrays.copyOfRange(all, all.length / 2, all.length));
        Ffmpeg.Decoded d = Ffmpeg.decode(half);
        assertFalse(d.clean(), "a cut at byte " + all.length / 2 + " decoded cleanly");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h264", "hevc", "mpeg2"})
    void keyframesAreFoundInTheVideoWhenTheMuxerDoesNotFlagThem(String codec) throws Exception {
        byte[] ts = Files.readAllBytes(film(codec));
        int cleared = 0;
        for (int at = 0; at < ts.length; at += 188) {
            boolean adaptation = (ts[at + 3] & 0x20) != 0 && (ts[at + 4] & 0xFF) > 0;
            if (adaptation && (ts[at + 5] & 0x40) != 0) {
                ts[at + 5] &= (byte) ~0x40;
                cleared++;
            }
        }
        assertTrue(cleared >= 8, "ffmpeg flags keyframes; found " + cleared);
        Path unflagged = Files.write(dir.resolve("unflagged.ts"), ts);
        assertEquals(cutter.plan(film(codec), 2), cutter.plan(unflagged, 2));
    }

    @Test
    void audioOnlyStreamsAreCutBeforeAnAudioPacket() throws Exception {
        // An audio PES holds several AAC frames (about 0.3 s here): segments start on PES times,
        // within an AAC frame (23 ms) of what decodes; the last ends within a PES.
        MediaPlan plan = cutAndDecodeEach(audio, 2, 25_000, 330_000);
        assertEquals(4, plan.segments().size(), plan.toString());
    }

    @Test
    void m2tsIsCutBeforeTheArrivalTimeStampOfAPacket() throws Exception {
        MediaPlan plan = cutAndDecodeEach(m2ts, 2, FRAME);
        assertEquals(4, plan.segments().size(), plan.toString());
        for (MediaPlan.Segment s : plan.segments()) assertEquals(0, s.offset() % 192, s.toString());
    }

    /** {@code ts} with every PAT and PMT after the first replaced by a null packet, as some muxers write it. */
    static byte[] withoutRepeatedTables(byte[] ts) {
        byte[] out = ts.clone();
        boolean pat = false, pmt = false;
        for (int at = 0; at < out.length; at += 188) {
            int pid = ((out[at + 1] & 0x1F) << 8) | (out[at + 2] & 0xFF);
            boolean isPat = pid == 0, isPmt = pid == 0x1000; // ffmpeg's PMT PID
            if ((isPat && pat) || (isPmt && pmt)) {
                out[at + 1] = 0x1F;
                out[at + 2] = (byte) 0xFF;
            }
            pat |= isPat;
            pmt |= isPmt;
        }
        return out;
    }

    @Test
    void aStreamThatDoesNotRepeatPatAndPmtIsRefusedWithTheRemuxThatFixesIt() throws Exception {
        Path once = Files.write(dir.resolve("once.ts"), withoutRepeatedTables(Files.readAllBytes(h264)));
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> cutter.plan(once, 2));
        assertTrue(e.getMessage().contains("does not repeat PAT and PMT") && e.getMessage().contains("-mpegts_flags +pat_pmt_at_frames"), e.getMessage());
        // Nothing needs a PAT after the start when the file is shorter than two segments: one segment, the whole file.
        assertEquals(1, cutter.plan(once, 5).segments().size());
        Ffmpeg.runSuggested(e.getMessage(), dir);
        cutAndDecodeEach(dir.resolve("once-cuttable.ts"), 2, FRAME);
    }

    @Test
    void anAudioStreamThatDoesNotRepeatPatAndPmtIsRefusedWithTheRemuxThatFixesIt() throws Exception {
        Path once = Files.write(dir.resolve("audio-once.ts"), withoutRepeatedTables(Files.readAllBytes(audio)));
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> cutter.plan(once, 2));
        assertTrue(e.getMessage().contains("no audio packet from 2.0 s to 4.") && !e.getMessage().contains("pat_pmt_at_frames"), e.getMessage());
        Ffmpeg.runSuggested(e.getMessage(), dir);
        cutAndDecodeEach(dir.resolve("audio-once-cuttable.ts"), 2, 25_000, 330_000);
    }

    @Test
    void concatenatedStreamsWhoseTimestampsRestartAreTimedAcrossTheSplice() throws Exception {
        byte[] one = Files.readAllBytes(h264);
        byte[] two = Arrays.copyOf(one, one.length * 2);
        System.arraycopy(one, 0, two, one.length, one.length);
        Path twice = Files.write(dir.resolve("twice.ts"), two);
        MediaPlan plan = cutter.plan(twice, 8); // due exactly at the splice, the second copy's first keyframe
        assertEquals(List.of(new MediaPlan.Segment(0, 0, 8_000_000), new MediaPlan.Segment(one.length + 188, 8_000_000, 8_000_000)), plan.segments());
    }

    @Test
    void recognizesTransportStreamsByTheirSyncBytes() throws Exception {
        assertTrue(cutter.recognizes(Arrays.copyOf(Files.readAllBytes(h264), 4096)));
        assertTrue(cutter.recognizes(Arrays.copyOf(Files.readAllBytes(m2ts), 4096)));
        byte[] mp3ish = new byte[4096];
        mp3ish[0] = 0x47;
        assertFalse(cutter.recognizes(mp3ish));
        assertFalse(cutter.recognizes(new byte[10]));
    }

    @Test
    void aFileThatIsNotWholePacketsIsRefusedAsTruncated() throws Exception {
        byte[] all = Files.readAllBytes(h264);
        Path cut = Files.write(dir.resolve("cut.ts"), Arrays.copyOf(all, all.length - 100));
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> cutter.plan(cut, 2));
        assertTrue(e.getMessage().contains("ends 88 bytes into a 188-byte packet: it is truncated"), e.getMessage());
        Path junk = Files.write(dir.resolve("junk.ts"), new byte[188 * 10]);
        e = assertThrows(MediaFormatException.class, () -> cutter.plan(junk, 2));
        assertTrue(e.getMessage().contains("is not an MPEG-TS"), e.getMessage());
    }

    @Test
    void truncatedAndCorruptedStreamsGiveATypedErrorOrAWellFormedPlanQuickly() throws Exception {
        byte[] all = Files.readAllBytes(h264);
        MediaPlan clean = cutter.plan(h264, 2);
        Random rnd = new Random(11);
        Ffmpeg.fuzz(cutter, dir.resolve("bad.ts"), all, clean, rnd, i -> {
            int length = rnd.nextInt(all.length);
            return Arrays.copyOf(all, i % 2 == 0 ? length - length % 188 : length); // whole packets half the time
        });
    }
}
