package org.unveil.cli;

import java.io.PrintStream;

/**
 * Progress of a long operation on stderr, at most once a second, so stdout stays clean for the
 * result (and for {@code --json}).
 */
final class IpfsProgress {
    private final String verb;
    private final PrintStream err = System.err;
    private final long started = System.nanoTime();
    private long lastPrinted = started;

    IpfsProgress(String verb) {
        this.verb = verb;
    }

    void update(long done, long total) {
        long now = System.nanoTime();
        if (now - lastPrinted < 1_000_000_000L) return;
        lastPrinted = now;
        double seconds = (now - started) / 1e9;
        String of = total > 0 ? String.format(" of %.1f MiB (%d%%)", total / 1048576.0, done * 100 / total) : "";
        err.printf("unveil: %s %.1f MiB%s, %.1f MiB/s%n", verb, done / 1048576.0, of, done / 1048576.0 / seconds);
    }
}
