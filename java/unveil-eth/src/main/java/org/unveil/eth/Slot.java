package org.unveil.eth;

import java.util.Optional;

/** One keyholder slot of a release ({@code IRelease.slotInfo}); {@code keyholder} is empty while vacant. */
public record Slot(int index, int group, String releaseKey, Optional<String> keyholder, Status status, boolean claimed) {
    /** {@code IRelease.SlotStatus}. */
    public enum Status { VACANT, ENROLLED, PUBLISHED, SLASHED }
}
