package org.unveil.archive.internal.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's ffmpeg (installed by scripts/setup) as the audio tests' encoder and stock player: it makes
 * the test media and judges whether a preview decodes alone. Tests fail, not skip, without it.
 */
public final class FfmpegAudio {
    /** Decoded audio is resampled to this rate, so durations compare across codecs. */
    public static final int RATE = 48_000;

    private FfmpegAudio() {}

    /** A few seconds of a 440 Hz tone in {@code out}, encoded with {@code codecArgs} (e.g. "-c:a", "flac"). */
    public static Path tone(Path out, int seconds, int sampleRate, String... codecArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-y", "-v", "error", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=" + sampleRate + ":duration=" + seconds));
        cmd.addAll(List.of(codecArgs));
        cmd.add(out.toString());
        Result r = run(cmd);
        assertEquals(0, r.exit(), "ffmpeg could not encode " + out + " (is Debian's ffmpeg installed? run scripts/setup): " + r.errors());
        return out;
    }

    /**
     * Decodes {@code file} alone, as a stock player would: the exit code, what ffmpeg reported at
     * level error, and the decoded samples at {@link #RATE}.
     */
    public static Result decode(Path file) throws IOException, InterruptedException {
        return run(List.of("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-ac", "1", "-ar", String.valueOf(RATE), "-f", "s16le", "-"));
    }

    /** @param samples mono 16-bit samples decoded (stdout bytes / 2) */
    public record Result(int exit, String errors, long samples) {
        public boolean clean() {
            return exit == 0 && errors.isBlank();
        }

        public double seconds() {
            return (double) samples / RATE;
        }
    }

    private static Result run(List<String> cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + cmd.get(0) + ": install Debian's ffmpeg (scripts/setup does)", e);
        }
        var err = p.getErrorStream();
        StringBuilder errors = new StringBuilder();
        Thread drain = Thread.ofVirtual().start(() -> {
            try {
                errors.append(new String(err.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                errors.append(e);
            }
        });
        long bytes = p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(cmd + " did not finish within 60 s");
        }
        drain.join();
        return new Result(p.exitValue(), errors.toString(), bytes / 2);
    }
}
