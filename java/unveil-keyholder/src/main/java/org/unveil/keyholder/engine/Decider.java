package org.unveil.keyholder.engine;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.ReleaseSummary;
import org.unveil.eth.Slot;
import org.unveil.keyholder.store.Action;
import org.unveil.keyholder.store.ActionKey;
import org.unveil.keyholder.store.ActionKind;
import org.unveil.keyholder.store.ActionStatus;

/**
 * The keyholder's rules, as one pure function of what the chain shows: enrol while Enrolling,
 * publish the share only once the funding is final and before the reveal deadline, claim after the
 * end, and perform the time-driven permissionless steps as keeper (draw the samples, cancel,
 * expire, settle). Pure so that every rule is tested without a chain; the caller simulates each
 * step before journaling it, so the contract still decides whether it is allowed.
 */
final class Decider {
    /** The sampling beacon's hash is readable for 256 blocks (BLOCKHASH); after that the release can only be cancelled. */
    static final long BEACON_HORIZON = 256;
    /** How many blocks to wait before looking again at a step someone else must take. */
    static final long RETRY_BLOCKS = 10;

    private Decider() {}

    /**
     * @param archiveHeld whether the bot has the release's archive (needed to open and check its share)
     * @param actions the actions journaled for this release, by kind
     * @param finality how the final block is chosen, for people ("3 blocks deep", "finalized")
     */
    static Decision decide(ReleaseView v, boolean archiveHeld, Map<ActionKind, Action> actions, String finality) {
        int n = v.slotIndex();
        long head = v.head();
        if (v.summary().isEmpty()) return Decision.waitFor("wait for the artist to create the release, then enrol in slot " + n, 0, Optional.empty());
        ReleaseSummary s = v.summary().get();
        Instant now = v.now();
        switch (s.state()) {
            case ENROLLING -> {
                if (!now.isBefore(s.enrolDeadline())) return keeper(ActionKind.CANCEL, "cancel the release: its enrolment deadline passed with slots vacant", actions, head);
                if (v.slotStatus() == Slot.Status.VACANT) {
                    Optional<Action> enrol = Optional.ofNullable(actions.get(ActionKind.ENROL));
                    if (enrol.isPresent() && enrol.get().status().isFinal() && !mayRetry(enrol.get())) {
                        return Decision.waitFor("not enrolling in slot " + n + ": " + enrol.get().reason().orElse(enrol.get().status().name()), 0,
                                Optional.of(s.enrolDeadline()));
                    }
                    if (enrol.isPresent() && inFlight(enrol.get())) {
                        return Decision.waitFor("enrolment in slot " + n + " sent; waiting for it to be mined", head + 1, Optional.empty());
                    }
                    if (!archiveHeld) {
                        return Decision.waitFor("waiting for the archive (PUT /v1/archives/{cid}?release=" + v.release() + ") before enrolling in slot " + n
                                + " by " + s.enrolDeadline(), 0, Optional.of(s.enrolDeadline()));
                    }
                    return Decision.act(ActionKind.ENROL, "enrol in slot " + n, head);
                }
                return Decision.waitFor("enrolled in slot " + n + "; waiting for the other keyholders to enrol by " + s.enrolDeadline(), 0,
                        Optional.of(s.enrolDeadline()));
            }
            case SAMPLING -> {
                if (!v.samplesDrawn()) {
                    long beacon = v.beaconBlock().orElse(head);
                    if (head > beacon + BEACON_HORIZON) return keeper(ActionKind.CANCEL, "cancel the release: its sampling beacon is no longer readable", actions, head);
                    if (head > beacon) return keeper(ActionKind.DRAW_SAMPLES, "draw the samples from beacon block " + beacon, actions, head);
                    return Decision.waitFor("waiting for beacon block " + beacon + " to draw the samples", beacon + 1, Optional.empty());
                }
                Instant due = v.samplesDueBy().orElse(now);
                if (now.isAfter(due)) return keeper(ActionKind.CANCEL, "cancel the release: the artist did not reveal the sampled keys by " + due, actions, head);
                return Decision.waitFor("waiting for the artist to reveal the sampled keys by " + due, 0, Optional.of(due.plusSeconds(1)));
            }
            case OPEN -> {
                if (!now.isBefore(s.pledgeDeadline())) return keeper(ActionKind.EXPIRE, "expire the release: the pledge deadline passed short of the goal", actions, head);
                return Decision.waitFor("enrolled in slot " + n + "; pledging is open until " + s.pledgeDeadline()
                        + "; the share is published once the funding is final (" + finality + ")", 0, Optional.of(s.pledgeDeadline()));
            }
            case FUNDED, RELEASED -> {
                Instant reveal = s.revealDeadline().orElseThrow();
                if (!now.isBefore(reveal)) return keeper(ActionKind.SETTLE, "settle the release: its reveal window ended at " + reveal, actions, head);
                if (v.slotStatus() == Slot.Status.ENROLLED) {
                    Optional<Action> publish = Optional.ofNullable(actions.get(ActionKind.PUBLISH_SHARE));
                    if (publish.isPresent() && publish.get().status().isFinal() && !mayRetry(publish.get())) {
                        return Decision.waitFor("share of slot " + n + " not published: " + publish.get().reason().orElse(publish.get().status().name())
                                + "; settle after " + reveal, 0, Optional.of(reveal));
                    }
                    if (publish.isPresent() && inFlight(publish.get())) {
                        return Decision.waitFor("share of slot " + n + " sent; waiting for it to be mined", head + 1, Optional.of(reveal));
                    }
                    if (v.atFinal() == ReleaseState.FUNDED || v.atFinal() == ReleaseState.RELEASED) {
                        // Not in the funding's own second: the contract judges commitments of that time as Open and refuses a share then.
                        Instant fundedAt = reveal.minus(v.revealWindow());
                        if (!now.isAfter(fundedAt)) {
                            return Decision.waitFor("publish the share of slot " + n + " once the chain's time has passed the funding (" + fundedAt + ")",
                                    head + 1, Optional.of(fundedAt.plusSeconds(1)));
                        }
                        return Decision.act(ActionKind.PUBLISH_SHARE, "publish the share of slot " + n + " before " + reveal, head);
                    }
                    return Decision.waitFor("publish the share of slot " + n + " once the funding is final (" + finality + "), before " + reveal, head + 1,
                            Optional.of(reveal));
                }
                return Decision.waitFor("slot " + n + " is " + v.slotStatus().name().toLowerCase(java.util.Locale.ROOT) + "; settle the release after " + reveal,
                        0, Optional.of(reveal));
            }
            case SETTLED, FAILED, CANCELLED -> {
                boolean owed = (v.slotStatus() == Slot.Status.ENROLLED || v.slotStatus() == Slot.Status.PUBLISHED) && !v.claimed();
                if (!owed) return Decision.done("the release is " + s.state().label() + " and nothing more is owed to slot " + n);
                Optional<Action> claim = Optional.ofNullable(actions.get(ActionKind.CLAIM_DEPOSIT));
                if (claim.isPresent() && claim.get().status().isFinal() && !mayRetry(claim.get())) {
                    return Decision.done("the release is " + s.state().label() + "; claiming slot " + n + " ended " + claim.get().status()
                            + claim.get().reason().map(r -> ": " + r).orElse(""));
                }
                return Decision.act(ActionKind.CLAIM_DEPOSIT, "claim what slot " + n + " is owed once the accusation window after the end has passed", head);
            }
            default -> {
                return Decision.waitFor("the release is in state " + s.state().label(), 0, Optional.empty());
            }
        }
    }

    /**
     * Whether a finished action may be tried again in a new round: only when its transaction was
     * mined and reverted (a race lost within a block), while rounds remain. The rule that asks for the
     * step again sees the chain as it is now, so a step someone else did meanwhile is not repeated.
     */
    /** Signed or sent, not yet final: wait for it rather than decide the step again. */
    private static boolean inFlight(Action a) {
        return a.status() == ActionStatus.SIGNED || a.status() == ActionStatus.BROADCAST;
    }

    static boolean mayRetry(Action a) {
        return a.status() == ActionStatus.FAILED && a.reason().map(r -> r.startsWith(ActionRunner.REVERTED)).orElse(false)
                && a.key().round() + 1 < ActionKey.MAX_ROUNDS;
    }

    /** A keeper step, unless the bot already journaled it once (it is done at most once; if it failed, someone else's turn). */
    private static Decision keeper(ActionKind kind, String next, Map<ActionKind, Action> actions, long head) {
        Action done = actions.get(kind);
        if (done != null && done.status().isFinal() && !mayRetry(done)) {
            return Decision.waitFor(kind.name().toLowerCase(java.util.Locale.ROOT) + " was " + done.status() + done.reason().map(r -> " (" + r + ")").orElse("")
                    + "; waiting for the chain to move on", head + RETRY_BLOCKS, Optional.empty());
        }
        return Decision.act(kind, next, head);
    }
}
