package org.unveil.release;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 */
public record KeyholderPolicy(Duration minRevealWindow, Duration maxRevealWindow, Optional<BigInteger> maxDeposit, BigInteger minKeyholderFee,
        Duration minTimeToEnrol) {
    /** 1 hour to 90 days of reveal window, any deposit, any fee, a minute left to enrol. */
    public static final KeyholderPolicy DEFAULTS = new KeyholderPolicy(Duration.ofHours(1), Duration.ofDays(90), Optional.empty(), BigInteger.ZERO,
            Duration.ofMinutes(1));

    public KeyholderPolicy {
        Objects.requireNonNull(minRevealWindow, "minimum reveal window required");
        Objects.requireNonNull(maxRevealWindow, "maximum reveal window required");
        Objects.requireNonNull(maxDeposit, "maximum deposit required (Optional.empty() for none)");
        Objects.requireNonNull(minKeyholderFee, "minimum keyholder fee required");
        Objects.requireNonNull(minTimeToEnrol, "minimum time to enrol required");
        if (minRevealWindow.compareTo(maxRevealWindow) > 0) {
            throw new IllegalArgumentException("minimum reveal window " + minRevealWindow + " is longer than the maximum " + maxRevealWindow);
        }
    }

    public KeyholderPolicy withMaxDeposit(BigInteger max) {
        return new KeyholderPolicy(minRevealWindow, maxRevealWindow, Optional.of(max), minKeyholderFee, minTimeToEnrol);
    }

    public KeyholderPolicy withRevealWindow(Duration min, Duration max) {
        return new KeyholderPolicy(min, max, maxDeposit, minKeyholderFee, minTimeToEnrol);
    }

    /** Every way {@code terms} break this policy at chain time {@code now}, one sentence each; empty when they are acceptable. */
    public List<String> violations(ReleaseParams terms, Instant now) {
        List<String> why = new ArrayList<>();
        if (terms.revealWindow().compareTo(minRevealWindow) < 0) {
            why.add("the reveal window " + terms.revealWindow() + " is shorter than the " + minRevealWindow + " this keyholder needs to publish");
        }
        if (terms.revealWindow().compareTo(maxRevealWindow) > 0) {
            why.add("the reveal window " + terms.revealWindow() + " is longer than the " + maxRevealWindow + " this keyholder locks a deposit for");
        }
        maxDeposit.filter(max -> terms.deposit().compareTo(max) > 0)
                .ifPresent(max -> why.add("the deposit " + terms.deposit() + " is more than the " + max + " this keyholder posts"));
        if (terms.keyholderFee().compareTo(minKeyholderFee) < 0) {
            why.add("the keyholder fee " + terms.keyholderFee() + " is less than this keyholder's minimum " + minKeyholderFee);
        }
        if (now.plus(minTimeToEnrol).isAfter(terms.enrolDeadline())) {
            why.add("the enrolment deadline " + terms.enrolDeadline() + " is less than " + minTimeToEnrol + " away (chain time " + now + ")");
        }
        return why;
    }

    /** @throws RefusedException naming every violation */
    public void check(ReleaseParams terms, Instant now) throws RefusedException {
        List<String> why = violations(terms, now);
        if (!why.isEmpty()) throw new RefusedException("refusing to enrol: " + String.join("; ", why));
    }
}
