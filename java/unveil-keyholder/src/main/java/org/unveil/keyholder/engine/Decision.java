package org.unveil.keyholder.engine;

import java.time.Instant;
import java.util.Optional;
import org.unveil.keyholder.store.ActionKind;

/**
 * What to do about a release now, and when to look at it again.
 *
 * @param act the step to take now, if any (the caller simulates it first; the chain has the last word)
 * @param next one sentence for people: what the bot will do next and when
 * @param wakeAtBlock look again once the head reaches this block, regardless of events (0: only on an event or at {@code wakeAt})
 * @param wakeAt look again once the chain's clock reaches this time, if set
 * @param finished nothing more will ever be done for the release: stop watching it
 */
record Decision(Optional<ActionKind> act, String next, long wakeAtBlock, Optional<Instant> wakeAt, boolean finished) {
    static Decision act(ActionKind kind, String next, long head) {
        return new Decision(Optional.of(kind), next, head + 1, Optional.empty(), false);
    }

    static Decision waitFor(String next, long wakeAtBlock, Optional<Instant> wakeAt) {
        return new Decision(Optional.empty(), next, wakeAtBlock, wakeAt, false);
    }

    static Decision done(String next) {
        return new Decision(Optional.empty(), next, 0, Optional.empty(), true);
    }
}
