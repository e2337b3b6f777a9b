package org.unveil.eth;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * The figures of a release in one view ({@code IRelease.summary()}). {@code revealDeadline} is
 * empty until the release is funded.
 */
public record ReleaseSummary(ReleaseState state, String artist, String token, BigInteger goal, BigInteger totalPledged,
        BigInteger fanPool, Instant enrolDeadline, Instant pledgeDeadline, Optional<Instant> revealDeadline, int slotCount,
        int enrolledCount, int publishedCount, boolean secretPublished) {

    /** What is still needed to reach the goal: the largest pledge the contract accepts. */
    public BigInteger remaining() {
        return goal.subtract(totalPledged);
    }
}
