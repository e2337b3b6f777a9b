package org.unveil.archive.internal.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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

/**
 * Truncated and corrupted media (seeded random truncation points and byte flips of real ffmpeg
 * output) fed to every cutter in the registry, each also given every other format's files: a
 * cutter either returns a plan that tiles the file or throws {@link MediaFormatException},
 * within 10 s per call. Memory is bounded by construction (each cutter holds one fixed
 * {@link MediaInput} buffer and at most one Ogg page), and checked: the heap in use after a
 * call stays within a few MiB of what it was before the run. Replay with {@code -Dunveil.fuzz.seed=N}.
 */
class MediaCutterPropertyTest {
    private static final long SEED = Long.getLong("unveil.fuzz.seed", 20261201L);
    private static final int CASES_PER_FILE = 60;
    @TempDir static Path dir;
    private static final List<Path> MEDIA = new ArrayList<>();

    @BeforeAll
    static void makeMedia() throws Exception {
        MEDIA.add(FfmpegAudio.tone(dir.resolve("a.flac"), 3, 44100, "-c:a", "flac"));
        MEDIA.add(FfmpegAudio.tone(dir.resolve("a.opus"), 3, 48000, "-c:a", "libopus"));
        MEDIA.add(FfmpegAudio.tone(dir.resolve("a.ogg"), 3, 22050, "-c:a", "libvorbis"));
        MEDIA.add(FfmpegAudio.tone(dir.resolve("a.mp3"), 3, 44100, "-c:a", "libmp3lame"));
        List<String> film = new ArrayList<>(Ffmpeg.film(Ffmpeg.H264));
        film.set(film.indexOf("8"), "3"); // 3 s: the fuzzing needs files, not length
        MEDIA.add(Ffmpeg.make(dir, "a.ts", film));
        film.addAll(List.of("-movflags", "+frag_keyframe+empty_moov+default_base_moof"));
        MEDIA.add(Ffmpeg.make(dir, "a.mp4", film));
    }

    @Test
    void truncatedOrCorruptMediaGivesATypedErrorOrAPlanThatTilesTheFile() throws Exception {
        System.out.println("MediaCutterPropertyTest seed=" + SEED + " (replay: -Dunveil.fuzz.seed=" + SEED + ")");
        Random rnd = new Random(SEED);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long baseline = rt.totalMemory() - rt.freeMemory();
        int plans = 0, errors = 0;
        for (Path source : MEDIA) {
            byte[] valid = Files.readAllBytes(source);
            for (int i = 0; i < CASES_PER_FILE; i++) {
                byte[] bytes = mutate(valid, rnd);
                Path file = Files.write(dir.resolve("case" + source.getFileName()), bytes);
                for (MediaCutter cutter : MediaCutters.all()) {
                    String what = cutter.format() + " cutter on " + source.getFileName() + " case " + i + " (seed " + SEED + ")";
                    MediaPlan plan = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                        try {
                            return cutter.plan(file, 1);
                        } catch (MediaFormatException e) {
                            assertTrue(e.getMessage().contains(file.getFileName().toString()), what + ": the error must name the file: " + e.getMessage());
                            return null;
                        } catch (RuntimeException e) {
                            throw new AssertionError(what + " threw an untyped " + e, e);
                        }
                    }, what + " did not finish within 10 s");
                    if (plan == null) {
                        errors++;
                        continue;
                    }
                    plans++;
                    assertTiles(plan, bytes.length, what);
                }
            }
        }
        System.gc();
        long used = rt.totalMemory() - rt.freeMemory();
        assertTrue(used - baseline < 64L * 1024 * 1024, "heap grew by " + (used - baseline) + " bytes over the run");
        assertTrue(errors > 0 && plans > 0, "the mutations should give both errors and (harmless mutations, own format) plans: " + errors + " / " + plans);
    }

    @Test
    void everyCutterAcceptsItsOwnValidFileAndOnlyThat() throws Exception {
        for (Path source : MEDIA) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(source), 4096);
            List<MediaFormat> recognized = MediaCutters.all().stream().filter(c -> c.recognizes(head)).map(MediaCutter::format).toList();
            String name = source.getFileName().toString();
            MediaFormat expected = switch (name.substring(name.lastIndexOf('.') + 1)) {
                case "flac" -> MediaFormat.FLAC;
                case "mp3" -> MediaFormat.MP3;
                case "ts" -> MediaFormat.MPEG_TS;
                case "mp4" -> MediaFormat.FMP4;
                default -> MediaFormat.OGG;
            };
            assertEquals(List.of(expected), recognized, source.toString());
            assertTiles(MediaCutters.plan(source, source.getFileName().toString(), expected, 1), Files.size(source), source.toString());
        }
    }

    private static void assertTiles(MediaPlan plan, long size, String what) {
        long previous = -1, start = 0;
        for (MediaPlan.Segment s : plan.segments()) {
            if (s.offset() <= previous || s.offset() >= Math.max(size, 1)) fail(what + ": segment offsets " + plan.segments() + " do not tile " + size + " bytes");
            if (s.startMicros() < start || s.durationMicros() < 0) fail(what + ": media times go back: " + plan.segments());
            previous = s.offset();
            start = s.startMicros();
        }
    }

    /** A truncation, a few byte flips, or both, at seeded random places. */
    private static byte[] mutate(byte[] valid, Random rnd) {
        byte[] b = valid.clone();
        int kind = rnd.nextInt(3);
        if (kind != 0) {
            int flips = 1 + rnd.nextInt(4);
            for (int k = 0; k < flips; k++) b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
        }
        if (kind != 1) b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));
        return b;
    }
}
