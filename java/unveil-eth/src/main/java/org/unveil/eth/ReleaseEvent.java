package org.unveil.eth;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

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

    /** A published Feldman share of {@code slot} (never its release key); its group now holds {@code groupPublished}. */
    record SharePublished(LogPosition position, int slot, int group, BigInteger share, int groupPublished) implements ReleaseEvent {}

    /** The contract recombined the release secret from {@code group}'s shares and checked it against addr(S). */
    record SecretRecovered(LogPosition position, int group, BigInteger secret) implements ReleaseEvent {}

    /** {@code group}'s shares do not recombine to the secret: that group can never release the work. */
    record GroupInvalid(LogPosition position, int group) implements ReleaseEvent {}

    record SecretPublished(LogPosition position, BigInteger secret) implements ReleaseEvent {}

    record LeakProven(LogPosition position, int slot, String keyholder, String beneficiary, BigInteger bounty,
            BigInteger toFans, BigInteger burned) implements ReleaseEvent {}

    /**
     * An earlier commitment took over slashed {@code slot}'s accusation: {@code beneficiary} is now
     * owed its bounty (the split of the deposit fixed by the first reveal is unchanged).
     */
    record AccusationSuperseded(LogPosition position, int slot, String beneficiary, BigInteger sequence) implements ReleaseEvent {}

    /** {@code to} rejected a payment; it is kept for {@code to} to withdraw ({@code withdrawCredit}). */
    record PaymentCredited(LogPosition position, String to, BigInteger amount) implements ReleaseEvent {}

    record CreditWithdrawn(LogPosition position, String to, BigInteger amount) implements ReleaseEvent {}

    record BountyClaimed(LogPosition position, int slot, String beneficiary, BigInteger amount) implements ReleaseEvent {}

    /**
     * ERC-5267's event, declared by the standard interface. A release's domain is fixed at creation,
     * so no release emits it; it is decoded so that no event of the ABI is unknown to this client.
     */
    record Eip712DomainChanged(LogPosition position) implements ReleaseEvent {}

    record FanPoolIncreased(LogPosition position, BigInteger amount, BigInteger fanPool) implements ReleaseEvent {}

    record RefundClaimed(LogPosition position, String fan, BigInteger amount) implements ReleaseEvent {}

    record DepositClaimed(LogPosition position, int slot, String keyholder, String payout, BigInteger amount,
            BigInteger reputation) implements ReleaseEvent {}

    /** The beacon's {@code seed} (0x + 64 hex) picked {@code fragments} (encrypted-fragment indices); their keys are due before {@code revealBy}. */
    record SamplesDrawn(LogPosition position, String seed, List<Integer> fragments, Instant revealBy) implements ReleaseEvent {}

    /** The keys k_e of the sampled {@code fragments}, in the same order, checked against the fragment tree by the contract. */
    record SamplesRevealed(LogPosition position, List<Integer> fragments, List<BigInteger> keys) implements ReleaseEvent {}

    /**
     * The secret came out, but the sample keys revealed before pledging are not the ones it derives:
     * the artist sealed the work to other keys, so the release failed and every pledge and deposit returns.
     */
    record SampleKeysNotDerived(LogPosition position) implements ReleaseEvent {}

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
