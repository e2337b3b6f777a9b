package org.unveil.eth;

import java.math.BigInteger;
import java.time.Instant;
import org.unveil.eth.ReleaseEvent.LogPosition;

/**
 * A decoded event of the keyholder registry (spec/release-protocol.md sections 9 and 11). Amounts
 * are in {@code token} (the zero address: ETH); stake is always ETH.
 */
public sealed interface RegistryEvent {
    LogPosition position();

    record KeyholderRegistered(LogPosition position, String keyholder, String operator, String payout, String endpoint, String terms)
            implements RegistryEvent {}

    record ProfileUpdated(LogPosition position, String keyholder, String operator, String payout, String endpoint, String terms)
            implements RegistryEvent {}

    record Staked(LogPosition position, String keyholder, BigInteger amount, BigInteger balance) implements RegistryEvent {}

    record Withdrawn(LogPosition position, String keyholder, String token, String to, BigInteger amount) implements RegistryEvent {}

    record ReleaseJoined(LogPosition position, String keyholder, String release, int openReleases) implements RegistryEvent {}

    record ReleaseLeft(LogPosition position, String keyholder, String release, int openReleases, Instant coolDownEnds)
            implements RegistryEvent {}

    record ReputationEarned(LogPosition position, String keyholder, String release, String token, BigInteger amount)
            implements RegistryEvent {}

    record KeyholderSlashed(LogPosition position, String keyholder, String release, String beneficiary) implements RegistryEvent {}

    record SnitchRewardPaid(LogPosition position, String keyholder, String beneficiary, String token, BigInteger amount, BigInteger burned)
            implements RegistryEvent {}

    /**
     * The first half of an accusation: {@code commitment} hides the release, slot and beneficiary;
     * its block judges the reveal and {@code sequence} (global to the registry) orders it, earliest wins.
     */
    record AccusationCommitted(LogPosition position, String committer, String commitment, BigInteger sequence) implements RegistryEvent {}

    /** An earlier commitment's beneficiary now gets slashed {@code keyholder}'s snitch reward. */
    record SnitchSuperseded(LogPosition position, String keyholder, String beneficiary, BigInteger sequence) implements RegistryEvent {}

    /** {@code to} rejected a snitch reward; it is kept for {@code to} to withdraw ({@code withdrawCredit(token)}). */
    record PaymentCredited(LogPosition position, String to, String token, BigInteger amount) implements RegistryEvent {}

    record CreditWithdrawn(LogPosition position, String to, String token, BigInteger amount) implements RegistryEvent {}
}
