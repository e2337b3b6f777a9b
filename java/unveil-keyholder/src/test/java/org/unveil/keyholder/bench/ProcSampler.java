package org.unveil.keyholder.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads one process's memory and CPU from /proc (Linux): VmRSS and VmHWM from {@code status}, utime
 * and stime from {@code stat}. A background thread samples VmRSS, so the peak is known even on a
 * kernel where VmHWM was reset; VmHWM is the kernel's own peak.
 */
final class ProcSampler implements AutoCloseable {
    /** USER_HZ: the unit of utime and stime, 100 on every Linux this runs on (getconf CLK_TCK). */
    private static final double TICKS_PER_SECOND = Double.parseDouble(System.getProperty("bench.clk_tck", "100"));
    private final long pid;
    private final Thread thread;
    private volatile long peakRssKib;
    private volatile boolean stopped;

    ProcSampler(long pid, long everyMillis) {
        this.pid = pid;
        this.thread = Thread.ofPlatform().daemon().name("proc-sampler").start(() -> {
            while (!stopped) {
                try {
                    peakRssKib = Math.max(peakRssKib, statusKib("VmRSS"));
                    Thread.sleep(everyMillis);
                } catch (IOException | InterruptedException e) {
                    return; // the process ended (or we are closing): the peak so far stands
                }
            }
        });
    }

    /** A field of /proc/PID/status in KiB ("VmRSS", "VmHWM"). */
    long statusKib(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
        }
        throw new IOException("no " + field + " in /proc/" + pid + "/status");
    }

    /** User plus system CPU seconds the process has used so far. */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND; // fields 14 and 15 of stat(5)
    }

    long peakSampledRssKib() {
        return peakRssKib;
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
