package org.unveil.keyholder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.eth.DevChain;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.Slot;
import org.unveil.eth.Wei;
import org.unveil.keyholder.store.Action;
import org.unveil.keyholder.store.ActionKind;
import org.unveil.keyholder.store.ActionStatus;
import org.unveil.keyholder.store.KeyholderStore;
import org.unveil.release.KeyholderPolicy;

/**
 * Bots on a real Hardhat node take a release from creation to the claim with no keyholder step by
 * hand: they enrol (after checking the archive and their shares), draw the samples as keepers,
 * publish their shares only once the funding is final, settle, and claim their deposits and fees.
 */
class EngineTest {
    private static DevChain chain;
    @TempDir static Path dir;

    @BeforeAll
    static void start() throws Exception {
        chain = DevChain.start();
        ReleaseFixture.register(chain, List.of(2, 3, 4));
    }

    @AfterAll
    static void stop() {
        if (chain != null) chain.close();
    }

    /** One bot: its store, hires and engine. */
    record Bot(int account, KeyholderStore store, ReleaseFixture.FileHires hires, Engine engine) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            store.close();
        }

        Map<ActionKind, Action> actions(ReleaseClient r) throws Exception {
            Map<ActionKind, Action> out = new LinkedHashMap<>();
            for (Action a : store.journal().forRelease(31337, r.address())) out.put(a.key().kind(), a);
            return out;
        }
    }

    static Bot bot(int account, String name, int confirmations) throws Exception {
        KeyholderStore store = KeyholderStore.open(dir.resolve(name + ".sqlite"));
        ReleaseFixture.FileHires hires = new ReleaseFixture.FileHires();
        Engine engine = new Engine(chain.chain(), chain.deployment().factory(), chain.account(account), store, hires, KeyholderPolicy.DEFAULTS,
                Finality.blocks(confirmations), new RunnerOptions(1, Duration.ofMinutes(5), 20, Wei.parse("1000gwei")),
                new Engine.EngineOptions(Duration.ofSeconds(30), 0), Clock.systemUTC(), Checkpoint.NONE);
        return new Bot(account, store, hires, engine);
    }

    /** A pass of every bot, then more until none has a transaction in flight (each pass confirms what the last one sent). */
    static void tick(List<Bot> bots) throws Exception {
        for (int pass = 0; pass < 6; pass++) {
            for (Bot b : bots) b.engine().tick();
            boolean pending = false;
            for (Bot b : bots) pending |= !b.store().journal().pendingResends().isEmpty();
            if (!pending) return;
        }
        throw new AssertionError("transactions still in flight after 6 passes");
    }

    static void seen(List<Bot> bots, ReleaseFixture f) {
        for (Bot b : bots) b.engine().markDirty(f.release.address());
    }

    @Test
    void botsTakeAReleaseFromCreationToTheirClaimsAndPublishOnlyOnceTheFundingIsFinal() throws Exception {
        try (Bot a = bot(2, "a", 3); Bot b = bot(3, "b", 3)) {
            List<Bot> bots = List.of(a, b);
            ReleaseFixture f = ReleaseFixture.create(chain, dir, "whole-life", List.of(new ReleaseFixture.Group(2, List.of(2, 3))),
                    Map.of(2, a.hires(), 3, b.hires()), true);
            tick(bots);
            assertEquals(ActionStatus.CONFIRMED, a.actions(f.release).get(ActionKind.ENROL).status());
            assertEquals(ActionStatus.CONFIRMED, b.actions(f.release).get(ActionKind.ENROL).status());
            assertEquals(ReleaseState.SAMPLING, f.release.state());

            chain.mine(6);
            tick(bots);
            assertTrue(f.release.samples().seed().isPresent(), "a bot drew the samples as keeper");
            List<ActionKind> drawn = new ArrayList<>();
            for (Bot x : bots) if (x.actions(f.release).containsKey(ActionKind.DRAW_SAMPLES)) drawn.add(ActionKind.DRAW_SAMPLES);
            assertEquals(1, drawn.size(), "exactly one bot drew the samples; the other saw them drawn");
            f.revealSamples();
            assertEquals(ReleaseState.OPEN, f.release.state());
            seen(bots, f); // what the log watcher does on the release's StateChanged event

            f.fund(12);
            seen(bots, f);
            assertEquals(ReleaseState.FUNDED, f.release.state());
            tick(bots); // the funding block is the head: 1 deep, not 3
            for (Bot x : bots) assertTrue(!x.actions(f.release).containsKey(ActionKind.PUBLISH_SHARE), "no share published before the funding is final");
            assertTrue(a.engine().next(f.release.address()).orElseThrow().contains("once the funding is final (3 blocks deep)"),
                    a.engine().next(f.release.address()).orElseThrow());
            chain.mine(2);
            tick(bots);
            assertEquals(ReleaseState.RELEASED, f.release.state());
            for (Bot x : bots) assertEquals(ActionStatus.CONFIRMED, x.actions(f.release).get(ActionKind.PUBLISH_SHARE).status());
            assertEquals(Slot.Status.PUBLISHED, f.release.slot(0).status());

            chain.increaseTime(Duration.ofDays(2).plusMinutes(1));
            tick(bots);
            assertEquals(ReleaseState.SETTLED, f.release.state());
            BigInteger before = chain.chain().balance(chain.account(2).getAddress());
            tick(bots); // the accusation window has not passed: the claim is simulated, refused, not journaled
            assertTrue(!a.actions(f.release).containsKey(ActionKind.CLAIM_DEPOSIT));
            chain.increaseTime(Duration.ofDays(1).plusMinutes(1));
            tick(bots);
            tick(bots);
            for (Bot x : bots) assertEquals(ActionStatus.CONFIRMED, x.actions(f.release).get(ActionKind.CLAIM_DEPOSIT).status());
            assertTrue(f.release.slot(0).claimed() && f.release.slot(1).claimed());
            BigInteger gained = chain.chain().balance(chain.account(2).getAddress()).subtract(before);
            assertTrue(gained.compareTo(ReleaseFixture.DEPOSIT) > 0, "deposit and fee came back (less gas): " + Wei.format(gained));
            assertTrue(a.engine().watched().isEmpty(), "a claimed release is no longer watched: " + a.engine().watched());
        }
    }

    @Test
    void aFundingUndoneByAReorgBeforeItIsFinalIsNeverPublishedOn() throws Exception {
        try (Bot a = bot(4, "reorg", 3)) {
            List<Bot> bots = List.of(a);
            ReleaseFixture f = ReleaseFixture.create(chain, dir, "reorg", List.of(new ReleaseFixture.Group(1, List.of(4))), Map.of(4, a.hires()), true);
            tick(bots);
            chain.mine(6);
            tick(bots);
            f.revealSamples();
            seen(bots, f);
            tick(bots);

            String beforeFunding = chain.snapshot();
            f.fund(12);
            chain.mine(); // the funding is 2 deep: seen at the head, not final at 3
            seen(bots, f);
            tick(bots);
            assertEquals(ReleaseState.FUNDED, f.release.state());
            assertTrue(!a.actions(f.release).containsKey(ActionKind.PUBLISH_SHARE), "nothing published on a funding 2 blocks deep");

            chain.revert(beforeFunding); // the funding is undone
            chain.mine(4);
            seen(bots, f);
            tick(bots);
            assertEquals(ReleaseState.OPEN, f.release.state());
            assertTrue(!a.actions(f.release).containsKey(ActionKind.PUBLISH_SHARE), "nothing published after the reorg");
            assertEquals(ReleaseState.OPEN, a.store().releases().get(31337, f.release.address()).orElseThrow().state(), "the bot saw the state go back");
            assertEquals(Slot.Status.ENROLLED, f.release.slot(0).status());

            f.fund(13); // funded again, for real this time
            chain.mine(2);
            seen(bots, f);
            tick(bots);
            assertEquals(ActionStatus.CONFIRMED, a.actions(f.release).get(ActionKind.PUBLISH_SHARE).status());
            assertEquals(ReleaseState.RELEASED, f.release.state());
        }
    }

    @Test
    void aSettlementAnotherKeeperWinsInTheSameBlockIsDoneByOthersNotFailed() throws Exception {
        try (Bot a = bot(2, "race", 1)) {
            List<Bot> bots = List.of(a);
            ReleaseFixture f = ReleaseFixture.create(chain, dir, "race", List.of(new ReleaseFixture.Group(1, List.of(2))), Map.of(2, a.hires()), true);
            tick(bots);
            chain.mine(6);
            tick(bots);
            f.revealSamples();
            f.fund(12);
            chain.mine();
            seen(bots, f);
            tick(bots);
            assertEquals(ReleaseState.RELEASED, f.release.state());

            chain.increaseTime(Duration.ofDays(2).plusMinutes(1));
            chain.automine(false);
            try {
                a.engine().tick(); // the bot simulates the settlement, journals and sends it; it waits in the pool
                assertEquals(ActionStatus.BROADCAST, a.actions(f.release).get(ActionKind.SETTLE).status());
                // Another keeper settles too, paying a higher tip: the block puts it first.
                var other = chain.chain().sender(chain.account(15));
                var call = f.release.settleCall();
                var fees = other.fees();
                byte[] raw = other.sign(call, chain.chain().pendingNonce(other.address()), BigInteger.valueOf(400_000),
                        new org.unveil.eth.TransactionSender.Fees(fees.maxFeePerGas().multiply(BigInteger.TEN), fees.maxPriorityFeePerGas().multiply(BigInteger.TEN)));
                assertEquals(org.unveil.eth.BroadcastResult.ACCEPTED, chain.chain().broadcast(raw));
                chain.mine();
            } finally {
                chain.automine(true);
            }
            tick(bots);
            assertEquals(ReleaseState.SETTLED, f.release.state());
            Action settle = a.actions(f.release).get(ActionKind.SETTLE);
            assertEquals(ActionStatus.DONE_BY_OTHERS, settle.status(), settle.toString());
            assertTrue(settle.reason().orElseThrow().contains("ReleaseWrongState"), settle.reason().orElseThrow());
        }
    }
}
