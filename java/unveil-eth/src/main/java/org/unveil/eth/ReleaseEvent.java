package org.unveil.eth;

import java.math.BigInteger;
import java.time.Instant;

/**
 * A decoded event of a release contract (spec/release-protocol.md section 11). Each carries where
 * it was logged, so a client can order, de-duplicate and resume from the last one it saw.
 */
public sealed interface ReleaseEvent {
    /** Block, transaction and log index of the event. */
    LogPosition position();

    record Initialized(LogPosition position, String artist, ReleaseParams params) implements ReleaseEvent {}

    record StateChanged(LogPosition position, ReleaseState previous, ReleaseState current) implements ReleaseEvent {}

    record KeyholderEnrolled(LogPosition position, int slot, String keyholder, String releaseKey, BigInteger deposit)
            implements ReleaseEvent {}

    record Pledged(LogPosition position, String fan, BigInteger amount, BigInteger totalPledged) implements ReleaseEvent {}

    record Funded(LogPosition position, Instant fundedAt, Instant revealDeadline) implements ReleaseEvent {}

    /** A published release key k of {@code slot}: public forever, it opens that slot's share envelope. */
    record KeyPublished(LogPosition position, int slot, int group, BigInteger key, int groupPublished) implements ReleaseEvent {}

    record SecretPublished(LogPosition position, BigInteger secret) implements ReleaseEvent {}

    record LeakProven(LogPosition position, int slot, String keyholder, String beneficiary, BigInteger bounty,
            BigInteger toFans, BigInteger burned) implements ReleaseEvent {}

    record FanPoolIncreased(LogPosition position, BigInteger amount, BigInteger fanPool) implements ReleaseEvent {}

    record RefundClaimed(LogPosition position, String fan, BigInteger amount) implements ReleaseEvent {}

    record DepositClaimed(LogPosition position, int slot, String keyholder, String payout, BigInteger amount,
            BigInteger reputation) implements ReleaseEvent {}

    record ArtistFeeClaimed(LogPosition position, String artist, BigInteger amount) implements ReleaseEvent {}

    /** Where a log sits on chain. */
    record LogPosition(BigInteger blockNumber, String transactionHash, BigInteger logIndex) implements Comparable<LogPosition> {
        @Override
        public int compareTo(LogPosition o) {
            int c = blockNumber.compareTo(o.blockNumber);
            return c != 0 ? c : logIndex.compareTo(o.logIndex);
        }
    }
}
