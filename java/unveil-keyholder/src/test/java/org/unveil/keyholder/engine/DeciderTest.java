package org.unveil.keyholder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.ReleaseSummary;
import org.unveil.eth.Slot;
import org.unveil.keyholder.store.Action;
import org.unveil.keyholder.store.ActionKey;
import org.unveil.keyholder.store.ActionKind;
import org.unveil.keyholder.store.ActionStatus;

/** The keyholder's rules, state by state, without a chain. */
class DeciderTest {
    private static final String RELEASE = "0x1111111111111111111111111111111111111111";
    private static final Instant T0 = Instant.ofEpochSecond(1_800_000_000L);
    private static final Instant ENROL_BY = T0.plusSeconds(3_600);
    private static final Instant PLEDGE_BY = T0.plusSeconds(86_400);
    private static final Instant REVEAL_BY = PLEDGE_BY.plusSeconds(7_200);
    /** So that these funded views were funded an hour before the pledge deadline. */
    private static final java.time.Duration WINDOW = java.time.Duration.ofSeconds(10_800);

    private static ReleaseView view(ReleaseState state, ReleaseState atFinal, Slot.Status slot, Instant now) {
        ReleaseSummary s = new ReleaseSummary(state, "0x2222222222222222222222222222222222222222", "0x0000000000000000000000000000000000000000",
                BigInteger.TEN, BigInteger.ZERO, BigInteger.ZERO, ENROL_BY, PLEDGE_BY,
                state == ReleaseState.FUNDED || state == ReleaseState.RELEASED || state == ReleaseState.SETTLED ? Optional.of(REVEAL_BY) : Optional.empty(),
                2, 2, 0, false);
        Slot sl = new Slot(1, 0, "0x3333333333333333333333333333333333333333", Optional.empty(), slot, false);
        return new ReleaseView(RELEASE, 1, 100, now, atFinal, Optional.of(s), Optional.of(sl), Optional.empty(), false, Optional.empty(), WINDOW);
    }

    private static Decision decide(ReleaseView v) {
        return Decider.decide(v, true, Map.of(), "3 blocks deep");
    }

    private static Action action(ActionKind kind, ActionStatus status, String reason) {
        return new Action(1, new ActionKey(31337, RELEASE, kind, 1), "0x4444444444444444444444444444444444444444", status,
                status == ActionStatus.INTENDED ? OptionalLong.empty() : OptionalLong.of(0), List.of(), Optional.empty(), Optional.ofNullable(reason), T0, T0);
    }

    @Test
    void enrolsInAVacantSlotOnlyWithTheArchiveAndCancelsPastTheDeadline() {
        ReleaseView v = view(ReleaseState.ENROLLING, ReleaseState.ENROLLING, Slot.Status.VACANT, T0);
        assertEquals(Optional.of(ActionKind.ENROL), decide(v).act());
        Decision noArchive = Decider.decide(v, false, Map.of(), "3 blocks deep");
        assertTrue(noArchive.act().isEmpty());
        assertTrue(noArchive.next().contains("waiting for the archive"), noArchive.next());
        Decision refused = Decider.decide(v, true, Map.of(ActionKind.ENROL, action(ActionKind.ENROL, ActionStatus.FAILED, "share does not verify")), "x");
        assertTrue(refused.act().isEmpty(), "a refused enrolment is not tried again");
        assertTrue(refused.next().contains("share does not verify"), refused.next());
        assertEquals(Optional.of(ActionKind.CANCEL), decide(view(ReleaseState.ENROLLING, ReleaseState.ENROLLING, Slot.Status.ENROLLED, ENROL_BY)).act());
    }

    @Test
    void publishesOnlyWhenTheFundingIsFinalAndBeforeTheRevealDeadline() {
        Decision notFinal = decide(view(ReleaseState.FUNDED, ReleaseState.OPEN, Slot.Status.ENROLLED, PLEDGE_BY.minusSeconds(10)));
        assertTrue(notFinal.act().isEmpty(), "funded at the head only");
        assertTrue(notFinal.next().contains("once the funding is final (3 blocks deep)"), notFinal.next());
        assertEquals(101, notFinal.wakeAtBlock(), "looked at again next block");
        assertEquals(Optional.of(ActionKind.PUBLISH_SHARE), decide(view(ReleaseState.FUNDED, ReleaseState.FUNDED, Slot.Status.ENROLLED, PLEDGE_BY)).act());
        assertEquals(Optional.of(ActionKind.PUBLISH_SHARE), decide(view(ReleaseState.RELEASED, ReleaseState.FUNDED, Slot.Status.ENROLLED, PLEDGE_BY)).act(),
                "another group released it: the share still earns its fee");
        assertEquals(Optional.of(ActionKind.SETTLE), decide(view(ReleaseState.FUNDED, ReleaseState.FUNDED, Slot.Status.ENROLLED, REVEAL_BY)).act(),
                "never after the deadline: settle instead");
        Decision once = Decider.decide(view(ReleaseState.FUNDED, ReleaseState.FUNDED, Slot.Status.ENROLLED, PLEDGE_BY), true,
                Map.of(ActionKind.PUBLISH_SHARE, action(ActionKind.PUBLISH_SHARE, ActionStatus.FAILED, "reverted")), "x");
        assertTrue(once.act().isEmpty(), "a publication that failed for another reason is not tried again");
        Decision again = Decider.decide(view(ReleaseState.FUNDED, ReleaseState.FUNDED, Slot.Status.ENROLLED, PLEDGE_BY), true,
                Map.of(ActionKind.PUBLISH_SHARE, action(ActionKind.PUBLISH_SHARE, ActionStatus.FAILED, ActionRunner.REVERTED + "tx 0x.. in block 9: deadline")), "x");
        assertEquals(Optional.of(ActionKind.PUBLISH_SHARE), again.act(), "a race lost within a block is tried again while the chain shows the share unpublished");
        assertTrue(Decider.decide(view(ReleaseState.FUNDED, ReleaseState.FUNDED, Slot.Status.PUBLISHED, PLEDGE_BY), true,
                Map.of(ActionKind.PUBLISH_SHARE, action(ActionKind.PUBLISH_SHARE, ActionStatus.FAILED, ActionRunner.REVERTED + "x")), "x").act().isEmpty(),
                "never twice: once the chain shows it published, nothing more");
        Decision inFlight = Decider.decide(view(ReleaseState.FUNDED, ReleaseState.FUNDED, Slot.Status.ENROLLED, PLEDGE_BY), true,
                Map.of(ActionKind.PUBLISH_SHARE, action(ActionKind.PUBLISH_SHARE, ActionStatus.BROADCAST, null)), "x");
        assertTrue(inFlight.act().isEmpty(), "a share in flight is not sent again as a new action");
        assertTrue(decide(view(ReleaseState.FUNDED, ReleaseState.FUNDED, Slot.Status.PUBLISHED, PLEDGE_BY)).act().isEmpty());
        Decision fundingSecond = decide(view(ReleaseState.FUNDED, ReleaseState.FUNDED, Slot.Status.ENROLLED, REVEAL_BY.minus(WINDOW)));
        assertTrue(fundingSecond.act().isEmpty(), "not in the funding's own second, which the contract refuses a share in");
        assertTrue(fundingSecond.next().contains("passed the funding"), fundingSecond.next());
    }

    @Test
    void keepsTheTimeDrivenStepsAndClaimsAfterTheEnd() {
        assertEquals(Optional.of(ActionKind.EXPIRE), decide(view(ReleaseState.OPEN, ReleaseState.OPEN, Slot.Status.ENROLLED, PLEDGE_BY)).act());
        assertTrue(decide(view(ReleaseState.OPEN, ReleaseState.OPEN, Slot.Status.ENROLLED, T0)).act().isEmpty());
        assertEquals(Optional.of(ActionKind.CLAIM_DEPOSIT), decide(view(ReleaseState.SETTLED, ReleaseState.SETTLED, Slot.Status.PUBLISHED, REVEAL_BY)).act());
        assertEquals(Optional.of(ActionKind.CLAIM_DEPOSIT), decide(view(ReleaseState.CANCELLED, ReleaseState.CANCELLED, Slot.Status.ENROLLED, REVEAL_BY)).act());
        assertTrue(decide(view(ReleaseState.CANCELLED, ReleaseState.CANCELLED, Slot.Status.VACANT, REVEAL_BY)).finished(), "never enrolled: nothing owed");
        assertTrue(decide(view(ReleaseState.SETTLED, ReleaseState.SETTLED, Slot.Status.SLASHED, REVEAL_BY)).finished());

        ReleaseView sampling = new ReleaseView(RELEASE, 1, 100, T0, ReleaseState.SAMPLING, view(ReleaseState.SAMPLING, ReleaseState.SAMPLING,
                Slot.Status.ENROLLED, T0).summary(), Optional.empty(), Optional.of(98L), false, Optional.empty(), WINDOW);
        assertEquals(Optional.of(ActionKind.DRAW_SAMPLES), decide(sampling).act());
        ReleaseView early = new ReleaseView(RELEASE, 1, 100, T0, ReleaseState.SAMPLING, sampling.summary(), Optional.empty(), Optional.of(100L), false,
                Optional.empty(), WINDOW);
        assertEquals(101, decide(early).wakeAtBlock(), "the beacon block must be mined first");
        ReleaseView lost = new ReleaseView(RELEASE, 1, 400, T0, ReleaseState.SAMPLING, sampling.summary(), Optional.empty(), Optional.of(98L), false,
                Optional.empty(), WINDOW);
        assertEquals(Optional.of(ActionKind.CANCEL), decide(lost).act(), "the beacon's hash is gone after 256 blocks");
        ReleaseView overdue = new ReleaseView(RELEASE, 1, 100, T0.plusSeconds(10), ReleaseState.SAMPLING, sampling.summary(), Optional.empty(),
                Optional.of(98L), true, Optional.of(T0), WINDOW);
        assertEquals(Optional.of(ActionKind.CANCEL), decide(overdue).act());
    }
}
