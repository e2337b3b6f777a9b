package org.unveil.keyholder.daemon;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.unveil.keyholder.config.ConfigLoader;
import org.unveil.keyholder.engine.Checkpoint;

/**
 * The bot process {@link DaemonKillTest} kills: a real {@link Daemon} started from its
 * configuration file. Arguments: the file, then {@code none} or {@code STEP:n}. With {@code STEP:n}
 * the {@code n}-th time the engine reaches {@code STEP} (counted across the loop and the HTTP
 * threads) it prints {@code KILLME STEP n} and parks that thread for good, so the parent's SIGKILL
 * lands exactly there: after the step's durable effect, before anything that follows it.
 * {@code READY} on stdout means the daemon is serving.
 */
public final class DaemonKillChild {
    private DaemonKillChild() {}

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        Checkpoint checkpoint = Checkpoint.NONE;
        if (!args[1].equals("none")) {
            String[] kill = args[1].split(":");
            Checkpoint.Step step = Checkpoint.Step.valueOf(kill[0]);
            int occurrence = Integer.parseInt(kill[1]);
            AtomicInteger seen = new AtomicInteger();
            checkpoint = s -> {
                if (s == step && seen.incrementAndGet() == occurrence) parkForTheKill("KILLME " + step + " " + occurrence);
            };
        }
        Daemon daemon = Daemon.start(ConfigLoader.load(config, Map.of()), Clock.systemUTC(), checkpoint);
        say("READY " + daemon.uri());
        // The loop's thread is not a daemon thread: the process lives until it is killed.
    }

    private static void parkForTheKill(String line) {
        say(line);
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ignored) {
                // nothing may run past this point; only SIGKILL ends it
            }
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
