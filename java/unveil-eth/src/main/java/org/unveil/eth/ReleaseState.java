package org.unveil.eth;

import java.util.ArrayList;
import java.util.List;

/**
 * The release lifecycle, the contract's {@code IRelease.State} in the same order
 * (spec/release-protocol.md section 3). {@code NONE} is only seen in an uninitialised clone and as
 * the "previous" state of the first {@code StateChanged} event.
 */
public enum ReleaseState {
    NONE, ENROLLING, OPEN, FUNDED, RELEASED, SETTLED, CANCELLED, FAILED,
    /** Every slot enrolled; the sampled fragments' keys are due before pledging opens (the contract appends it: value 8). */
    SAMPLING;

    /** The state for an ABI value of {@code IRelease.State}. */
    static ReleaseState ofAbi(int value) {
        ReleaseState[] all = values();
        if (value < 0 || value >= all.length) throw new IllegalArgumentException("unknown release state " + value);
        return all[value];
    }

    /** "Funded", as the contracts name it. */
    public String label() {
        String n = name();
        return n.charAt(0) + n.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    /** The label of an ABI state value, or the number when unknown. */
    static String labelOfAbi(int value) {
        return value < 0 || value >= values().length ? Integer.toString(value) : ofAbi(value).label();
    }

    /** "Open" or "one of Funded, Released" for the contract's allowed-states bit mask (bit i = state i). */
    static String labelsOfMask(java.math.BigInteger mask) {
        List<String> names = new ArrayList<>();
        for (ReleaseState s : values()) if (mask.testBit(s.ordinal())) names.add(s.label());
        if (names.isEmpty()) return "no state (mask " + mask + ")";
        return names.size() == 1 ? names.get(0) : "one of " + String.join(", ", names);
    }
}
