package org.unveil.archive.internal.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FLAC and Ogg files as people have them, beyond a clean tone: noise full of false syncs, cover art, chained and multiplexed Ogg, corruption. */
class CutterEdgeCasesTest {
    @TempDir Path dir;

    private Path ffmpeg(String name, String... args) throws Exception {
        Path out = dir.resolve(name);
        List<String> cmd = new java.util.ArrayList<>(List.of("ffmpeg", "-nostdin", "-y", "-v", "error"));
        cmd.addAll(List.of(args));
        cmd.add(out.toString());
        assertEquals(0, new ProcessBuilder(cmd).inheritIO().start().waitFor(), "ffmpeg (scripts/setup installs it) failed: " + cmd);
        return out;
    }

    @Test
    void flacNoiseWithSyncLikeBytesInItsAudioIsCutOnlyWhereFramesStart() throws Exception {
        Path noise = ffmpeg("noise.flac", "-f", "lavfi", "-i", "anoisesrc=d=10:sample_rate=44100", "-ac", "2", "-c:a", "flac");
        byte[] b = Files.readAllBytes(noise);
        Set<Long> frames = framePositions(noise);
        int syncLike = 0;
        for (int i = 0; i + 1 < b.length; i++) if ((b[i] & 0xff) == 0xff && ((b[i + 1] & 0xff) == 0xf8 || (b[i + 1] & 0xff) == 0xf9)) syncLike++;
        assertTrue(syncLike > frames.size() + 10, "white noise should hold false syncs: " + syncLike + " sync-like pairs, " + frames.size() + " frames");
        MediaPlan plan = new FlacCutter().plan(noise, 1);
        assertTrue(plan.headerSegment());
        assertTrue(plan.segments().size() >= 10, plan.segments().toString());
        for (MediaPlan.Segment s : plan.segments().subList(1, plan.segments().size())) {
            assertTrue(frames.contains(s.offset()), "segment at " + s.offset() + " does not start on a frame ffprobe sees");
        }
        long total = plan.segments().stream().mapToLong(MediaPlan.Segment::durationMicros).sum();
        assertEquals(10_000_000, total);
    }

    @Test
    void aFlacCoverPictureTravelsInTheHeaderSegment() throws Exception {
        Path pic = ffmpeg("pic.flac", "-f", "lavfi", "-i", "sine=d=3", "-f", "lavfi", "-i", "color=red:s=64x64:d=1", "-map", "0", "-map", "1",
                "-c:a", "flac", "-c:v", "png", "-disposition:v", "attached_pic");
        MediaPlan plan = new FlacCutter().plan(pic, 1);
        long first = plan.segments().get(1).offset();
        assertEquals(first, framePositions(pic).stream().mapToLong(Long::longValue).min().orElseThrow(), "the header ends where the first frame starts");
        assertTrue(first > 200, "the PNG is in the header: " + first + " bytes");
    }

    @Test
    void chainedOggIsRefusedWithWhatToDo() throws Exception {
        Path a = FfmpegAudio.tone(dir.resolve("a.opus"), 2, 48000, "-c:a", "libopus");
        Path b = FfmpegAudio.tone(dir.resolve("b.opus"), 2, 48000, "-c:a", "libopus");
        Path chained = dir.resolve("chained.opus");
        try (OutputStream out = Files.newOutputStream(chained)) {
            Files.copy(a, out);
            Files.copy(b, out);
        }
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> new OggCutter().plan(chained, 1));
        assertTrue(e.getMessage().startsWith("chained.opus has data after the end of its Ogg stream"), e.getMessage());
        assertTrue(e.getMessage().contains("split it into one file per stream"), e.getMessage());
    }

    @Test
    void multiplexedOggIsRefusedWithTheCommandThatKeepsOneStream() throws Exception {
        Path mux = ffmpeg("mux.ogg", "-f", "lavfi", "-i", "sine=d=2", "-f", "lavfi", "-i", "sine=frequency=220:d=2", "-map", "0", "-map", "1", "-c:a", "libopus");
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> new OggCutter().plan(mux, 1));
        assertTrue(e.getMessage().startsWith("mux.ogg holds more than one Ogg logical stream"), e.getMessage());
        assertTrue(e.getMessage().contains("ffmpeg -i IN -map 0:a:0 -c copy OUT"), e.getMessage());
    }

    @Test
    void aCorruptOggPageIsNamedByItsOffset() throws Exception {
        Path ogg = FfmpegAudio.tone(dir.resolve("a.ogg"), 3, 44100, "-c:a", "libvorbis");
        byte[] b = Files.readAllBytes(ogg);
        b[b.length / 2] ^= 0x10;
        Path bad = Files.write(dir.resolve("bad.ogg"), b);
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> new OggCutter().plan(bad, 1));
        assertTrue(e.getMessage().matches("bad\\.ogg: the Ogg page at offset \\d+ fails its CRC-32: .*"), e.getMessage());
    }

    @Test
    void aTruncatedFlacIsRefusedNotCutShort() throws Exception {
        Path flac = FfmpegAudio.tone(dir.resolve("a.flac"), 3, 44100, "-c:a", "flac");
        byte[] b = Files.readAllBytes(flac);
        Path cut = Files.write(dir.resolve("cut.flac"), java.util.Arrays.copyOf(b, b.length - 100));
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> new FlacCutter().plan(cut, 1));
        assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
    }

    /** Byte offsets of the FLAC frames ffprobe's own parser finds. */
    private static Set<Long> framePositions(Path flac) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "packet=pos", "-of", "csv=p=0", flac.toString()).start();
        Set<Long> out = new HashSet<>();
        for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) if (!line.isBlank()) out.add(Long.parseLong(line.strip()));
        assertEquals(0, p.waitFor());
        return out;
    }
}
