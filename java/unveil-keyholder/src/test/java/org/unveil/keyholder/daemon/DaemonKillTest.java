package org.unveil.keyholder.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.archive.Cut;
import org.unveil.archive.FileSpec;
import org.unveil.archive.keys.GroupSpec;
import org.unveil.eth.DevChain;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseEvent;
import org.unveil.eth.ReleaseFactoryClient;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.Slot;
import org.unveil.eth.Wei;
import org.unveil.keyholder.engine.Checkpoint;
import org.unveil.keyholder.store.ActionKind;
import org.unveil.release.hire.Launch;

/**
 * The bot as a real process, killed with SIGKILL and started again on the same state file, through
 * a whole release (hired by {@link Launch}, enrol, draw the samples, publish once the funding is
 * final, settle, claim) on a real Hardhat node: no key is lost (the share is published), it is
 * published exactly once and never before the funding is final, the release settles and the deposit
 * is claimed, and no action is left signed or sent. Six of every seven seeds kill at a chosen
 * occurrence of observe, decide, journal, sign, broadcast or confirm ({@link DaemonKillChild} parks
 * there and the parent sends SIGKILL); the seventh kills at a random moment, wherever the process
 * is (an HTTP answer half written, a SQLite commit, a log poll). Seven seeds run side by side, each
 * with its own bot, artist and release, in step through the release's phases, since time travel
 * moves the whole chain.
 *
 * <p>{@code EngineCrashTest} runs 200 seeds in-process, an Error thrown at a checkpoint, which is
 * fast enough to cover every occurrence of every step in every phase; but it shares the JVM, so it
 * cannot show what the operating system makes of a killed process. This test is the real thing at
 * a JVM start per life: the SQLite file and its WAL as a dead process left them, the HTTP port taken
 * again, the offer and the archive read back by a new process, the artist's launch resumed against a
 * bot that vanished mid-request. {@code -Dunveil.kill.seeds=N} runs more.
 */
class DaemonKillTest {
    private static final int SEEDS = Integer.getInteger("unveil.kill.seeds", 14);
    /** Seeds run side by side, each with its own bot, artist and release, through the same phases (time travel is chain-wide). */
    private static final int WAVE = 7;
    private static final int CONFIRMATIONS = 2;
    private static final int FIRST_BOT = 2;
    private static final int FIRST_ARTIST = FIRST_BOT + WAVE;
    private static final int FAN = FIRST_ARTIST + WAVE;
    private static final Duration REVEAL_WINDOW = Duration.ofHours(2);
    private static DevChain chain;
    @TempDir static Path dir;

    @BeforeAll
    static void start() throws Exception {
        chain = DevChain.start();
        chain.intervalMining(250); // a chain that moves on its own, so depth comes while the bot is down too
    }

    @AfterAll
    static void stop() {
        if (chain != null) chain.close();
    }

    @Test
    void aBotProcessKilledWithSigkillAtAnyStepAndRestartedLosesNoKeyPublishesOnceAndOnlyWhenFinal() throws Exception {
        Map<Checkpoint.Step, Integer> killedAt = new EnumMap<>(Checkpoint.Step.class);
        int randomKills = 0;
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(WAVE);
        try {
            for (int first = 0; first < SEEDS; first += WAVE) {
                List<Life> wave = new ArrayList<>();
                for (int seed = first; seed < Math.min(SEEDS, first + WAVE); seed++) wave.add(new Life(seed, seed - first));
                try {
                    phase(pool, wave, Life::start);
                    phase(pool, wave, Life::launchFundAndAwaitPublication);
                    chain.increaseTime(REVEAL_WINDOW.plusMinutes(1));
                    phase(pool, wave, Life::awaitSettlement);
                    chain.increaseTime(Duration.ofSeconds(ReleaseClient.ACCUSATION_WINDOW_SECONDS).plusMinutes(1));
                    phase(pool, wave, Life::awaitClaimAndCheck);
                } finally {
                    for (Life l : wave) l.close();
                }
                for (Life l : wave) {
                    if (l.step == null) randomKills++; else killedAt.merge(l.step, 1, Integer::sum);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("DaemonKillTest: " + SEEDS + " seeds in " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s, killed at " + killedAt
                + " and " + randomKills + " at random moments");
        if (SEEDS >= 12) assertEquals(Set.of(Checkpoint.Step.values()), killedAt.keySet(), "every step was killed at");
    }

    @FunctionalInterface
    interface Phase {
        void run(Life life) throws Exception;
    }

    /** Runs {@code phase} for every life of the wave at once and waits for all; the first failure fails the test, the others are attached. */
    private static void phase(ExecutorService pool, List<Life> wave, Phase phase) throws Exception {
        List<Future<?>> running = new ArrayList<>();
        for (Life l : wave) running.add(pool.submit(() -> {
            phase.run(l);
            return null;
        }));
        Throwable failed = null;
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failed == null) failed = e.getCause(); else failed.addSuppressed(e.getCause());
            }
        }
        if (failed instanceof Exception e) throw e;
        if (failed instanceof Error e) throw e;
    }

    /**
     * One seed: its own bot (killed once, at a checkpoint or at a random moment), artist and
     * release, taken through the release's life and checked at its end.
     */
    private static final class Life {
        final int seed;
        final int botAccount;
        final int artist;
        /** Where the bot is killed; null for a kill at a random moment. */
        final Checkpoint.Step step;
        final String kill;
        final long killAfterMillis;
        final String why;
        Supervised bot;
        ReleaseClient release;

        Life(int seed, int lane) {
            this.seed = seed;
            this.botAccount = FIRST_BOT + lane;
            this.artist = FIRST_ARTIST + lane;
            Random rnd = new Random(seed);
            Checkpoint.Step[] steps = Checkpoint.Step.values();
            boolean atRandom = lane == WAVE - 1;
            this.step = atRandom ? null : steps[lane % steps.length];
            // Each transaction step is reached at least four times in a release's life (enrol, publish,
            // settle, claim; the samples are drawn by the bot or the artist), observe and decide about
            // twice as often (the bot looks when an event or its own schedule says so), so the chosen
            // occurrence comes in every seed.
            int occurrence = atRandom ? 0 : 1 + rnd.nextInt(step == Checkpoint.Step.OBSERVE || step == Checkpoint.Step.DECIDE ? 7 : 4);
            this.kill = atRandom ? "none" : step + ":" + occurrence;
            this.killAfterMillis = atRandom ? 200 + rnd.nextInt(5_000) : -1;
            this.why = "seed " + seed + (atRandom ? " (SIGKILL " + killAfterMillis + " ms after start)" : " (SIGKILL at " + kill + ")");
        }

        void start() throws Exception {
            Fleet.Bot files;
            synchronized (DaemonKillTest.class) { // the registry transactions, one at a time
                files = Fleet.prepare(chain, dir.resolve("seed" + seed), List.of(botAccount), CONFIRMATIONS).get(0);
            }
            bot = Supervised.start(files, kill, dir.resolve("native"));
            if (killAfterMillis >= 0) bot.killAfter(killAfterMillis);
        }

        void launchFundAndAwaitPublication() throws Exception {
            var c = chain.chain();
            var factory = ReleaseFactoryClient.at(c, chain.deployment().factory());
            Launch.Plan plan = plan("kill" + seed, bot);
            Launch.Result launched = null;
            // The artist's launch is resumable: a request the dead bot did not answer is tried again once it is back.
            for (int attempt = 0; launched == null; attempt++) {
                try {
                    launched = new Launch(c, chain.account(artist), factory, Launch.Progress.NONE).run(plan);
                } catch (IOException e) {
                    if (attempt >= 5) throw new AssertionError(why + ": the launch failed " + (attempt + 1) + " times; the bot's log: " + bot.log(), e);
                    bot.awaitUp();
                }
            }
            release = ReleaseClient.at(c, launched.release());
            synchronized (DaemonKillTest.class) { // one fan's pledges, one at a time (its nonces)
                release.pledge(c.sender(chain.account(FAN)), release.params().goal());
            }
            await(() -> release.slot(0).status() == Slot.Status.PUBLISHED, "the share to be published");
            assertEquals(ReleaseState.RELEASED, release.state(), why);
        }

        void awaitSettlement() throws Exception {
            await(() -> release.state() == ReleaseState.SETTLED, "the bot to settle as keeper");
        }

        void awaitClaimAndCheck() throws Exception {
            await(() -> release.slot(0).claimed(), "the bot to claim its deposit and fee");
            await(() -> bot.killed() && Fleet.pendingActions(bot.uri(), release.address()) == 0, "the kill, and every action of the bot to be final");
            assertEquals(1, bot.kills(), why + ": the bot was killed once and started again");
            bot.close(); // SIGKILL once more, so the file is read as a dead process left it
            check();
        }

        /** What the chain and the state file show at the end. */
        private void check() throws Exception {
            List<ReleaseEvent> events = release.events();
            List<ReleaseEvent.SharePublished> published = events.stream().filter(ReleaseEvent.SharePublished.class::isInstance)
                    .map(ReleaseEvent.SharePublished.class::cast).toList();
            assertEquals(1, published.size(), why + ": the share is published exactly once");
            long funded = events.stream().filter(ReleaseEvent.Funded.class::isInstance).findFirst().orElseThrow().position().blockNumber().longValueExact();
            long publishedIn = published.get(0).position().blockNumber().longValueExact();
            assertTrue(publishedIn >= funded + CONFIRMATIONS, why + ": published in block " + publishedIn + ", funded in " + funded + ": before the funding was final");
            FinalJournal journal = FinalJournal.read(bot.stateFile(), chain.chain().chainId(), release.address(), why);
            assertEquals(published.get(0).position().transactionHash(), journal.latest().get(ActionKind.PUBLISH_SHARE).confirmedTxHash().orElseThrow(),
                    why + ": the publication on chain is the one the bot journaled");
        }

        private void await(Fleet.Condition c, String what) throws Exception {
            Fleet.await(c, Duration.ofSeconds(90), () -> why + ": " + what + "; the bot's log: " + bot.log());
        }

        void close() throws InterruptedException {
            if (bot != null) bot.close();
        }
    }

    private static Launch.Plan plan(String salt, Supervised bot) throws IOException {
        byte[] song = new byte[100_000];
        new Random(salt.hashCode()).nextBytes(song);
        Path file = Files.write(dir.resolve(salt + ".bin"), song);
        return new Launch.Plan(List.of(new FileSpec(file, "song.bin", Cut.everyBytes(25_000), Set.of(0))), "test license", List.of(new GroupSpec(1, 1)),
                Wei.parse("1eth"), Wei.parse("0.8eth"), Wei.parse("0.1eth"), Duration.ofHours(2), Duration.ofDays(1), REVEAL_WINDOW, 1, salt,
                List.of(bot.uri()), List.of(), dir.resolve(salt + ".tar"), dir.resolve(salt + ".tar.secret"), dir.resolve(salt + ".launch"));
    }

    /**
     * The bot's process, watched: when it dies (by the kill this test sent, nothing else) it is
     * started again at once, without a kill, on the same configuration and state file, as a
     * supervisor (systemd, a container runtime) would.
     */
    static final class Supervised implements AutoCloseable {
        private final Fleet.Bot bot;
        private final Path nativeDir;
        private final Path logFile;
        private final Thread watcher;
        private volatile Process process;
        private volatile CountDownLatch ready;
        private volatile java.net.URI uri;
        private volatile boolean killSent;
        private volatile boolean closing;
        private volatile String failure;
        private int kills;

        private Supervised(Fleet.Bot bot, Path nativeDir) {
            this.bot = bot;
            this.nativeDir = nativeDir;
            this.logFile = bot.config().resolveSibling("daemon.log");
            this.watcher = Thread.ofPlatform().daemon().name("supervisor").unstarted(this::supervise);
        }

        static Supervised start(Fleet.Bot bot, String kill, Path nativeDir) throws Exception {
            Supervised s = new Supervised(bot, nativeDir);
            s.launch(kill);
            s.awaitUp();
            s.watcher.start();
            return s;
        }

        private synchronized void launch(String kill) throws IOException {
            Files.createDirectories(nativeDir);
            List<String> cmd = List.of(ProcessHandle.current().info().command().orElseThrow(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "--enable-native-access=ALL-UNNAMED",
                    // sqlite-jdbc unpacks its native library per process; a killed one cannot delete its copy, so it goes under @TempDir.
                    "-Dorg.sqlite.tmpdir=" + nativeDir, "-cp", System.getProperty("java.class.path"), DaemonKillChild.class.getName(),
                    bot.config().toString(), kill);
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            CountDownLatch up = new CountDownLatch(1);
            Thread.ofPlatform().daemon().name("child-stdout").start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.startsWith("READY ")) {
                            uri = java.net.URI.create(line.substring(6));
                            up.countDown();
                        } else if (line.startsWith("KILLME ")) {
                            sigkill(p); // the child is parked right after the step: kill it there
                        }
                    }
                } catch (IOException ignored) {
                    // the pipe closes with the process
                }
            });
            process = p;
            ready = up;
        }

        private synchronized void sigkill(Process p) {
            if (p != process) return;
            killSent = true;
            p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally, no close
        }

        /** SIGKILL the first process {@code millis} after now, wherever it is. */
        void killAfter(long millis) {
            Process first = process;
            Thread.ofPlatform().daemon().name("killer").start(() -> {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    return;
                }
                sigkill(first);
            });
        }

        private void supervise() {
            while (!closing) {
                Process p = process;
                try {
                    int code = p.waitFor();
                    if (closing) return;
                    if (!killSent || code != 137) {
                        failure = "the bot's process ended by itself with exit code " + code + " (no kill was sent)";
                        return;
                    }
                    synchronized (this) {
                        kills++;
                        killSent = false;
                        launch("none");
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    failure = "could not start the bot again: " + e;
                    return;
                }
            }
        }

        /** Waits until the current process serves (started again if it was killed). */
        void awaitUp() throws Exception {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                if (failure != null) fail(failure + "; its log: " + log());
                CountDownLatch r = ready;
                if (r.await(100, TimeUnit.MILLISECONDS) && process.isAlive()) return;
                if (System.nanoTime() > end) fail("the bot did not start within 60 s; its log: " + log());
            }
        }

        /** Whether the kill happened and the bot is serving again. */
        boolean killed() throws Exception {
            if (failure != null) fail(failure + "; its log: " + log());
            synchronized (this) {
                if (kills == 0) return false;
            }
            awaitUp();
            return true;
        }

        synchronized int kills() {
            return kills;
        }

        java.net.URI uri() {
            return uri;
        }

        Path stateFile() throws Exception {
            return bot.load().stateFile();
        }

        String log() {
            try {
                List<String> lines = Files.readAllLines(logFile);
                return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        @Override
        public void close() throws InterruptedException {
            closing = true;
            Process p = process;
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            watcher.interrupt();
        }
    }
}
