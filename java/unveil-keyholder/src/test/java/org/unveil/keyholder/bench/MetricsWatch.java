package org.unveil.keyholder.bench;

import java.util.Map;

/**
 * Reads the daemon's /metrics twice a second: the latest snapshot, and the longest pass seen
 * ({@code unveil_keyholder_last_pass_seconds}) since {@link #resetMax}. A pass shorter than the
 * sampling period can be missed by the maximum, never by the totals.
 */
final class MetricsWatch implements AutoCloseable {
    private final BotProcess bot;
    private final Thread thread;
    private volatile Map<String, Double> last = Map.of();
    private volatile double maxLastPass;
    private volatile boolean stopped;

    MetricsWatch(BotProcess bot) {
        this.bot = bot;
        this.thread = Thread.ofPlatform().daemon().name("metrics-watch").start(() -> {
            while (!stopped) {
                try {
                    now();
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // the daemon is busy or gone: the next read tells
                }
            }
        });
    }

    /** Reads the metrics now. */
    synchronized Map<String, Double> now() throws Exception {
        Map<String, Double> m = bot.metrics();
        last = m;
        maxLastPass = Math.max(maxLastPass, m.getOrDefault("unveil_keyholder_last_pass_seconds", 0.0));
        return m;
    }

    double last(String name) {
        return last.getOrDefault(name, 0.0);
    }

    synchronized void resetMax() {
        maxLastPass = 0;
    }

    double maxLastPass() {
        return maxLastPass;
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
