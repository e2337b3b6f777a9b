package org.unveil.keyholder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.eth.DevChain;
import org.unveil.eth.ReleaseEvent;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.Wei;
import org.unveil.keyholder.store.Action;
import org.unveil.keyholder.store.ActionKind;
import org.unveil.keyholder.store.ActionStatus;
import org.unveil.keyholder.store.KeyholderStore;
import org.unveil.release.KeyholderPolicy;

/**
 * The bot dies at a chosen point of observe, decide, journal, sign, broadcast or confirm (a seed
 * picks the step and which occurrence of it), in every phase of a release's life, and is started
 * again on the same state file: no key is lost (the share is still published), no share is published
 * twice, none before the funding is final, and every action it had in flight is finished after the
 * restart. A crash is an Error thrown from the checkpoint: nothing after it in the pass runs and the
 * engine and its store are abandoned, as a killed process's are ({@code DaemonKillTest} kills a
 * real process with SIGKILL).
 */
class EngineCrashTest {
    private static final int SEEDS = Integer.getInteger("unveil.crash.seeds", 200);
    private static final int CONFIRMATIONS = 2;
    private static DevChain chain;
    @TempDir static Path dir;

    @BeforeAll
    static void start() throws Exception {
        chain = DevChain.start();
        ReleaseFixture.register(chain, List.of(2));
    }

    @AfterAll
    static void stop() {
        if (chain != null) chain.close();
    }

    /** The process dying: nothing after this point runs. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        Crash(Checkpoint.Step step) {
            super("killed at " + step);
        }
    }

    /** Dies the {@code n}-th time {@code step} is reached. */
    static Checkpoint killAt(Checkpoint.Step step, int n) {
        int[] seen = {0};
        return s -> {
            if (s == step && ++seen[0] == n) throw new Crash(step);
        };
    }

    private static Engine engine(KeyholderStore store, ReleaseFixture.FileHires hires, String name, Checkpoint checkpoint) {
        return new Engine(chain.chain(), chain.deployment().factory(), chain.account(2), store, hires, KeyholderPolicy.DEFAULTS,
                Finality.blocks(CONFIRMATIONS), new RunnerOptions(1, Duration.ofMinutes(5), 20, Wei.parse("1000gwei")),
                new Engine.EngineOptions(Duration.ofSeconds(30), 0), Clock.systemUTC(), checkpoint);
    }

    /** A bot that is restarted (a new engine on the same file) whenever it dies. */
    private static final class Bot {
        final Path file;
        final ReleaseFixture.FileHires hires = new ReleaseFixture.FileHires();
        final String name;
        Checkpoint checkpoint;
        KeyholderStore store;
        Engine engine;
        int crashes;

        Bot(String name, Checkpoint checkpoint) throws Exception {
            this.name = name;
            this.file = dir.resolve(name + ".sqlite");
            this.checkpoint = checkpoint;
            boot();
        }

        private void boot() throws Exception {
            store = KeyholderStore.open(file);
            engine = engine(store, hires, name, checkpoint);
        }

        /** A pass; if the bot dies in it, it is restarted (without the kill) and the pass is not repeated. */
        void tick(String release) throws Exception {
            try {
                engine.markDirty(release);
                engine.tick();
            } catch (Crash c) {
                crashes++;
                store.close();
                checkpoint = Checkpoint.NONE;
                boot();
            }
        }

        Map<ActionKind, Action> actions(String release) throws Exception {
            Map<ActionKind, Action> out = new EnumMap<>(ActionKind.class);
            for (Action a : store.journal().forRelease(31337, release)) out.put(a.key().kind(), a);
            return out;
        }
    }

    @Test
    void aBotKilledAtAnyStepLosesNoKeyPublishesOnceAndNeverBeforeFinality() throws Exception {
        Checkpoint.Step[] steps = Checkpoint.Step.values();
        int crashed = 0;
        List<String> survived = new java.util.ArrayList<>();
        for (int seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(seed);
            Checkpoint.Step step = steps[seed % steps.length];
            // A release's life journals, signs, sends and confirms five actions (enrol, draw, publish,
            // settle, claim) and observes and decides more often: every occurrence drawn is reached.
            int occurrence = 1 + rnd.nextInt(step == Checkpoint.Step.OBSERVE || step == Checkpoint.Step.DECIDE ? 7 : 4);
            Bot bot = new Bot("seed" + seed, killAt(step, occurrence));
            try {
                int died = walk(bot, seed, step, occurrence);
                crashed += died;
                if (died == 0) survived.add(step + " #" + occurrence);
            } finally {
                bot.store.close();
            }
        }
        assertEquals(SEEDS, crashed, "every seed killed the bot once; these were never reached: " + survived);
    }

    /** One release's whole life with a bot that may die once in it; returns how many times it died. */
    private static int walk(Bot bot, int seed, Checkpoint.Step step, int occurrence) throws Exception {
        String why = "seed " + seed + " (killed at " + step + " #" + occurrence + ")";
        ReleaseFixture f = ReleaseFixture.create(chain, dir, "crash" + seed, List.of(new ReleaseFixture.Group(1, List.of(2))), Map.of(2, bot.hires), true);
        String r = f.release.address();
        until(bot, r, () -> f.release.state() == ReleaseState.SAMPLING, why + ": enrolment");
        chain.mine(6);
        until(bot, r, () -> f.release.samples().seed().isPresent(), why + ": drawing the samples");
        f.revealSamples();
        f.fund(12);
        long funded = chain.chain().blockNumber().longValueExact();
        until(bot, r, () -> f.release.state() == ReleaseState.RELEASED, why + ": publishing the share");
        chain.increaseTime(Duration.ofDays(2).plusMinutes(1));
        until(bot, r, () -> f.release.state() == ReleaseState.SETTLED, why + ": settling");
        chain.increaseTime(Duration.ofDays(1).plusMinutes(1));
        until(bot, r, () -> f.release.slot(0).claimed(), why + ": claiming");
        for (int i = 0; i < 4; i++) bot.tick(r); // let every action reach its final status

        List<ReleaseEvent.SharePublished> published = f.release.events().stream()
                .filter(ReleaseEvent.SharePublished.class::isInstance).map(ReleaseEvent.SharePublished.class::cast).toList();
        assertEquals(1, published.size(), why + ": the share is published exactly once");
        Map<ActionKind, Action> actions = bot.actions(r);
        for (Action a : actions.values()) {
            assertTrue(a.status().isFinal() || a.status() == ActionStatus.INTENDED, why + ": " + a.key() + " left " + a.status());
        }
        Action publish = actions.get(ActionKind.PUBLISH_SHARE);
        assertEquals(ActionStatus.CONFIRMED, publish.status(), why);
        long publishedIn = chain.chain().receipt(publish.confirmedTxHash().orElseThrow()).orElseThrow().getBlockNumber().longValueExact();
        assertTrue(publishedIn >= funded + CONFIRMATIONS - 1 + 1, why + ": published in block " + publishedIn + ", funded in " + funded);
        assertEquals(ActionStatus.CONFIRMED, actions.get(ActionKind.ENROL).status(), why);
        assertEquals(ActionStatus.CONFIRMED, actions.get(ActionKind.CLAIM_DEPOSIT).status(), why);
        return bot.crashes;
    }

    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    /** Passes of the bot (a block mined after each, as a live chain would) until {@code done}. */
    private static void until(Bot bot, String release, Condition done, String what) throws Exception {
        for (int pass = 0; pass < 12; pass++) {
            bot.tick(release);
            if (done.holds()) return;
            chain.mine();
        }
        throw new AssertionError(what + " did not happen in 12 passes; the bot said: " + bot.engine.next(release).orElse("nothing"));
    }
}
