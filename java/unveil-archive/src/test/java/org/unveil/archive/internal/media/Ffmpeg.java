package org.unveil.archive.internal.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's ffmpeg, as the tests use it: to make test media (a few seconds of the lavfi test
 * pattern and a sine tone, small enough to generate in well under a second) and to decode a
 * segment the way a player would, reporting every error it logs.
 */
public final class Ffmpeg {
    private Ffmpeg() {}

    /**
     * 8 s of 320x240 video at 25 fps and a 440 Hz tone, encoded with {@code codec} options. A
     * keyframe every 30 frames (1.2 s), so that a cut due at a whole second is not on a keyframe
     * by chance.
     */
    public static List<String> film(String... codec) {
        List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440", "-t", "8"));
        args.addAll(List.of(codec));
        args.addAll(List.of("-c:a", "aac"));
        return args;
    }

    public static final String[] H264 = {"-c:v", "libx264", "-preset", "superfast", "-g", "30", "-bf", "2"};
    static final String[] HEVC = {"-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "keyint=30:min-keyint=30:open-gop=0:log-level=error", "-tag:v", "hvc1"};
    static final String[] MPEG2 = {"-c:v", "mpeg2video", "-g", "30", "-b:v", "800k"};

    /** The segments (header segment not counted) a cut every {@code seconds} gives of {@link #film}: keyframes at multiples of 1.2 s. */
    static int filmSegments(int seconds) {
        int segments = 1;
        for (int frame = 30, start = 0; frame < 200; frame += 30) {
            if (frame - start >= seconds * 25) {
                segments++;
                start = frame;
            }
        }
        return segments;
    }

    /** Runs ffmpeg in {@code dir} with {@code args} and the output file last; fails the test if it fails. */
    public static Path make(Path dir, String out, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        cmd.addAll(args);
        cmd.add(out);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ":\n" + log);
        return dir.resolve(out);
    }

    /** What decoding a file gives: ffmpeg's exit code, what it logged at level error, and the frames of its first output stream (the video, when there is one). */
    public record Decoded(int exit, String errors, int frames, long micros) {
        public boolean clean() {
            return exit == 0 && errors.isBlank();
        }
    }

    private static final Pattern TIME_BASE = Pattern.compile("#tb 0: (\\d+)/(\\d+)");

    public static Decoded decode(Path file) throws IOException, InterruptedException {
        Path log = Files.createTempFile(file.getParent(), "decode", ".log");
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-f", "framecrc", "-")
                .redirectError(log.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes());
        int exit = p.waitFor();
        String errors = Files.readString(log);
        Files.delete(log);
        long num = 1, den = 1, ticks = 0;
        int frames = 0;
        for (String line : out.split("\n")) {
            Matcher m = TIME_BASE.matcher(line);
            if (m.find()) {
                num = Long.parseLong(m.group(1));
                den = Long.parseLong(m.group(2));
            } else if (line.startsWith("0,")) {
                frames++;
                ticks += Long.parseLong(line.split(",")[3].trim()); // stream, dts, pts, duration, size, crc
            }
        }
        return new Decoded(exit, errors, frames, ticks * num * 1_000_000 / den);
    }

    /** Writes each segment of {@code plan} to its own file, with the header segment in front when the plan has one. */
    static List<Path> split(Path file, MediaPlan plan, Path dir, String ext) throws IOException {
        byte[] all = Files.readAllBytes(file);
        List<MediaPlan.Segment> s = plan.segments();
        List<Path> out = new ArrayList<>();
        int header = plan.headerSegment() ? (int) s.get(1).offset() : 0;
        for (int i = plan.headerSegment() ? 1 : 0; i < s.size(); i++) {
            int from = (int) s.get(i).offset(), to = i + 1 < s.size() ? (int) s.get(i + 1).offset() : all.length;
            byte[] seg = new byte[header + to - from];
            System.arraycopy(all, 0, seg, 0, header);
            System.arraycopy(all, from, seg, header, to - from);
            out.add(Files.write(dir.resolve("seg" + i + "." + ext), seg));
        }
        return out;
    }

    /** SHA-256 of the plan's segments read one after another, each as its own slice of the file. */
    static String sha256OfSegments(Path file, MediaPlan plan) throws Exception {
        byte[] all = Files.readAllBytes(file);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        List<MediaPlan.Segment> s = plan.segments();
        for (int i = 0; i < s.size(); i++) {
            int from = (int) s.get(i).offset(), to = i + 1 < s.size() ? (int) s.get(i + 1).offset() : all.length;
            assertTrue(from < to, "segment " + i + " is empty");
            md.update(all, from, to - from);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** Runs the ffmpeg command an error message ends with, in {@code dir}. */
    static void runSuggested(String message, Path dir) throws IOException, InterruptedException {
        int at = message.lastIndexOf("ffmpeg -i ");
        assertTrue(at >= 0, "no ffmpeg command in: " + message);
        Process p = new ProcessBuilder("sh", "-c", "ffmpeg -nostdin -v error -y " + message.substring(at + "ffmpeg ".length()))
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), message.substring(at) + ":\n" + log);
    }

    /** Checks what any cutter promises for any input it does not refuse. */
    static void assertWellFormed(MediaPlan plan, long size) {
        List<MediaPlan.Segment> s = plan.segments();
        for (int i = 0; i < s.size(); i++) {
            MediaPlan.Segment seg = s.get(i);
            assertTrue(seg.offset() < size, "segment " + i + " starts past the end: " + seg);
            assertTrue(seg.durationMicros() >= 0 && seg.startMicros() >= 0, "negative time: " + seg);
            if (i > 0) {
                assertTrue(seg.offset() > s.get(i - 1).offset(), "offsets out of order at " + i + ": " + s);
                assertTrue(seg.startMicros() >= s.get(i - 1).startMicros(), "times out of order at " + i + ": " + s);
            }
        }
    }

    /** {@code original} with {@code flips} random bytes changed, chosen by {@code rnd}; half the time near a cut point, where the structure is. */
    static byte[] flipped(byte[] original, MediaPlan clean, Random rnd) {
        byte[] b = original.clone();
        int flips = 1 + rnd.nextInt(8);
        List<MediaPlan.Segment> s = clean.segments();
        for (int i = 0; i < flips; i++) {
            int at = rnd.nextBoolean() ? rnd.nextInt(b.length)
                    : (int) Math.min(b.length - 1, s.get(rnd.nextInt(s.size())).offset() + rnd.nextInt(1200));
            b[at] ^= (byte) (1 + rnd.nextInt(255));
        }
        return b;
    }

    /**
     * 100 seeded cases of {@code all} fed to {@code cutter}: 50 truncations (from {@code truncated},
     * given the case number) and 50 byte flips. Each gives a typed refusal or a well-formed plan
     * within 10 s, and the cases must produce more than 10 of each.
     */
    static void fuzz(MediaCutter cutter, Path bad, byte[] all, MediaPlan clean, Random rnd, java.util.function.IntFunction<byte[]> truncated)
            throws IOException {
        int plans = 0, refusals = 0;
        for (int i = 0; i < 100; i++) {
            byte[] b = i < 50 ? truncated.apply(i) : flipped(all, clean, rnd);
            Files.write(bad, b);
            MediaPlan plan = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
                try {
                    return cutter.plan(bad, 2);
                } catch (MediaFormatException e) {
                    return null;
                }
            }, "case " + i);
            if (plan == null) {
                refusals++;
            } else {
                plans++;
                assertWellFormed(plan, b.length);
            }
        }
        assertTrue(plans > 10 && refusals > 10, plans + " plans, " + refusals + " refusals: the cases should exercise both");
    }
}
