package org.unveil.cli;

import java.io.PrintWriter;
import org.unveil.archive.ProgressListener;

/**
 * A one-line progress bar on stderr, redrawn at most ten times a second, for pack and unpack.
 * Shown when stderr is a terminal, or always with {@code --progress} (then as plain lines, so logs
 * stay readable); stdout stays clean for results and {@code --json}.
 */
final class ProgressBar implements ProgressListener {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String verb;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastDrawn;

    private ProgressBar(PrintWriter err, String verb, boolean terminal) {
        this.err = err;
        this.verb = verb;
        this.terminal = terminal;
    }

    /** A bar if wanted, else {@link ProgressListener#NONE}. */
    static ProgressListener forCommand(PrintWriter err, String verb, boolean forced) {
        boolean terminal = interactive();
        return terminal || forced ? new ProgressBar(err, verb, terminal) : ProgressListener.NONE;
    }

    /**
     * Whether the console is a terminal. Java 22+ returns a console even for pipes and offers
     * isTerminal() to tell; on Java 21 a non-null console already means a terminal.
     */
    private static boolean interactive() {
        java.io.Console c = System.console();
        if (c == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Override
    public void progress(long done, long total) {
        long now = System.nanoTime();
        boolean last = done >= total;
        if (!last && now - lastDrawn < (terminal ? 100_000_000L : 1_000_000_000L)) return;
        lastDrawn = now;
        err.print(line(verb, done, total, (now - started) / 1e9) + (terminal && !last ? "\r" : "\n"));
        err.flush();
    }

    static String line(String verb, long done, long total, double seconds) {
        int pct = total == 0 ? 100 : (int) (done * 100 / total);
        int filled = pct * WIDTH / 100;
        double mib = done / 1048576.0;
        return String.format("%-8s [%s%s] %3d%% %8.1f MiB %7.1f MiB/s", verb, "#".repeat(filled), ".".repeat(WIDTH - filled), pct,
                mib, seconds > 0 ? mib / seconds : 0);
    }
}
