package org.unveil.keyholder.store;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an action is. It only moves forward: INTENDED -> SIGNED -> BROADCAST -> CONFIRMED, and from
 * any open status to DONE_BY_OTHERS (the chain already shows the effect, e.g. "already enrolled")
 * or FAILED. The schema enforces the same order with a trigger.
 */
public enum ActionStatus {
    INTENDED, SIGNED, BROADCAST, CONFIRMED, DONE_BY_OTHERS, FAILED;

    /** Whether an action in this status may be moved to {@code next}. */
    public boolean mayMoveTo(ActionStatus next) {
        return successors().contains(next);
    }

    /** No further step: nothing is (re-)sent for it. */
    public boolean isFinal() {
        return successors().isEmpty();
    }

    private Set<ActionStatus> successors() {
        return switch (this) {
            case INTENDED -> EnumSet.of(SIGNED, DONE_BY_OTHERS, FAILED);
            case SIGNED -> EnumSet.of(BROADCAST, CONFIRMED, DONE_BY_OTHERS, FAILED);
            case BROADCAST -> EnumSet.of(CONFIRMED, DONE_BY_OTHERS, FAILED);
            case CONFIRMED, DONE_BY_OTHERS, FAILED -> EnumSet.noneOf(ActionStatus.class);
        };
    }
}
