package org.unveil.archive.internal.media;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Times one cutter over one file for scripts/bench-media (not a test): prints one line of
 * {@code key=value} pairs, the time measured inside the JVM around {@code plan} only, so JVM
 * start-up is left out (the script also prints the wall time of the whole process).
 * Usage: MediaCutBench ts|fmp4 FILE SECONDS
 */
public final class MediaCutBench {
    private MediaCutBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: MediaCutBench ts|fmp4 FILE SECONDS");
            System.exit(2);
        }
        MediaCutter cutter = switch (args[0]) {
            case "ts" -> new MpegTsCutter();
            case "fmp4" -> new Fmp4Cutter();
            default -> throw new IllegalArgumentException("format ts or fmp4, not " + args[0]);
        };
        Path file = Path.of(args[1]);
        long t0 = System.nanoTime();
        MediaPlan plan = cutter.plan(file, Integer.parseInt(args[2]));
        double seconds = (System.nanoTime() - t0) / 1e9;
        long media = plan.segments().stream().mapToLong(MediaPlan.Segment::durationMicros).sum();
        System.out.printf("bytes=%d seconds=%.3f segments=%d media_seconds=%.1f%n", Files.size(file), seconds, plan.segments().size(), media / 1e6);
    }
}
