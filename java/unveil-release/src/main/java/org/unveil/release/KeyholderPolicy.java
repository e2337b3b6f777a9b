package org.unveil.release;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseParams;

/**
 * The terms a keyholder accepts before it posts a deposit: a reveal window long enough to publish
 * in (and not so long that its deposit is locked for months), a deposit it can afford to lose, a fee
 * worth the work, and enough time left to enrol. {@link #DEFAULTS} suit a person with a wallet; a
 * daemon reads its own from its configuration.
 *
 * @param minRevealWindow the shortest reveal window accepted (a keyholder must see the funding and publish in it)
 * @param maxRevealWindow the longest reveal window accepted (the deposit is locked until it ends)
 * @param maxDeposit the largest deposit accepted, in the release's payment unit; empty for no limit
 * @param minKeyholderFee the smallest fee per publishing keyholder accepted
 * @param minTimeToEnrol the least time left before the enrolment deadline
 * @param maxLock the longest the deposit may stay locked from now: until the pledge deadline, the
 *        reveal window after it and the accusation window after that, the latest a release can end
 */
public record KeyholderPolicy(Duration minRevealWindow, Duration maxRevealWindow, Optional<BigInteger> maxDeposit, BigInteger minKeyholderFee,
        Duration minTimeToEnrol, Duration maxLock) {
    /** 1 hour to 90 days of reveal window, any deposit, any fee, a minute left to enrol, the deposit locked at most 365 days. */
    public static final KeyholderPolicy DEFAULTS = new KeyholderPolicy(Duration.ofHours(1), Duration.ofDays(90), Optional.empty(), BigInteger.ZERO,
            Duration.ofMinutes(1), Duration.ofDays(365));

    public KeyholderPolicy {
        Objects.requireNonNull(minRevealWindow, "minimum reveal window required");
        Objects.requireNonNull(maxRevealWindow, "maximum reveal window required");
        Objects.requireNonNull(maxDeposit, "maximum deposit required (Optional.empty() for none)");
        Objects.requireNonNull(minKeyholderFee, "minimum keyholder fee required");
        Objects.requireNonNull(minTimeToEnrol, "minimum time to enrol required");
        Objects.requireNonNull(maxLock, "maximum lock time required");
        if (minRevealWindow.compareTo(maxRevealWindow) > 0) {
            throw new IllegalArgumentException("minimum reveal window " + minRevealWindow + " is longer than the maximum " + maxRevealWindow);
        }
    }

    public KeyholderPolicy withMaxDeposit(BigInteger max) {
        return new KeyholderPolicy(minRevealWindow, maxRevealWindow, Optional.of(max), minKeyholderFee, minTimeToEnrol, maxLock);
    }

    public KeyholderPolicy withRevealWindow(Duration min, Duration max) {
        return new KeyholderPolicy(min, max, maxDeposit, minKeyholderFee, minTimeToEnrol, maxLock);
    }

    public KeyholderPolicy withMinKeyholderFee(BigInteger min) {
        return new KeyholderPolicy(minRevealWindow, maxRevealWindow, maxDeposit, min, minTimeToEnrol, maxLock);
    }

    public KeyholderPolicy withMaxLock(Duration max) {
        return new KeyholderPolicy(minRevealWindow, maxRevealWindow, maxDeposit, minKeyholderFee, minTimeToEnrol, max);
    }

    /** Every way {@code terms} break this policy at chain time {@code now}, one sentence each; empty when they are acceptable. */
    public List<String> violations(ReleaseParams terms, Instant now) {
        List<String> why = new ArrayList<>();
        if (terms.revealWindow().compareTo(minRevealWindow) < 0) {
            why.add("the reveal window " + human(terms.revealWindow()) + " is shorter than the " + human(minRevealWindow) + " this keyholder needs to publish");
        }
        if (terms.revealWindow().compareTo(maxRevealWindow) > 0) {
            why.add("the reveal window " + human(terms.revealWindow()) + " is longer than the " + human(maxRevealWindow) + " this keyholder locks a deposit for");
        }
        maxDeposit.filter(max -> terms.deposit().compareTo(max) > 0)
                .ifPresent(max -> why.add("the deposit " + terms.deposit() + " is more than the " + max + " this keyholder posts"));
        if (terms.keyholderFee().compareTo(minKeyholderFee) < 0) {
            why.add("the keyholder fee " + terms.keyholderFee() + " is less than this keyholder's minimum " + minKeyholderFee);
        }
        if (now.plus(minTimeToEnrol).isAfter(terms.enrolDeadline())) {
            why.add("the enrolment deadline " + terms.enrolDeadline() + " is less than " + human(minTimeToEnrol) + " away (chain time " + now + ")");
        }
        // The latest a release can end: funded at the last moment, at the reveal deadline; or cancelled
        // in Sampling, enrolled at the enrolment deadline, at the beacon's 256 blocks plus the 2-day
        // sample window (an hour covers the blocks on any chain of 12 s or faster). Deposits then wait
        // the accusation window (spec/release-protocol.md sections 4.1 and 8).
        Instant funded = terms.pledgeDeadline().plus(terms.revealWindow());
        Instant sampled = terms.enrolDeadline().plus(Duration.ofDays(2).plusHours(1));
        Instant lockedUntil = (funded.isAfter(sampled) ? funded : sampled).plusSeconds(ReleaseClient.ACCUSATION_WINDOW_SECONDS);
        if (Duration.between(now, lockedUntil).compareTo(maxLock) > 0) {
            why.add("the deposit may stay locked until " + lockedUntil + " (pledge deadline, reveal window and accusation window), longer than the "
                    + human(maxLock) + " this keyholder locks a deposit for");
        }
        return why;
    }

    /** "90 days", "1 h 30 min", "45 s": what a person reads in a refusal. */
    static String human(Duration d) {
        if (d.toDays() > 0 && d.toHoursPart() == 0 && d.toMinutesPart() == 0) return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        StringBuilder out = new StringBuilder();
        if (d.toDays() > 0) out.append(d.toDays()).append(" d ");
        if (d.toHoursPart() > 0) out.append(d.toHoursPart()).append(" h ");
        if (d.toMinutesPart() > 0) out.append(d.toMinutesPart()).append(" min ");
        if (d.toSecondsPart() > 0 || out.isEmpty()) out.append(d.toSecondsPart()).append(" s ");
        return out.toString().trim();
    }

    /** @throws RefusedException naming every violation */
    public void check(ReleaseParams terms, Instant now) throws RefusedException {
        List<String> why = violations(terms, now);
        if (!why.isEmpty()) throw new RefusedException("refusing to enrol: " + String.join("; ", why));
    }
}
