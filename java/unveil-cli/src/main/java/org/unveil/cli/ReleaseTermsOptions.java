package org.unveil.cli;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.unveil.archive.ReleaseTerms;
import picocli.CommandLine.Option;

/** The release terms as {@code pack} options, with defaults that suit a local demo chain. */
final class ReleaseTermsOptions {
    static final String DEMO_FACTORY = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

    @Option(names = "--chain-id", paramLabel = "N", defaultValue = "31337", description = "EIP-155 chain id (default: ${DEFAULT-VALUE}, a local Hardhat chain).")
    long chainId;

    @Option(names = "--factory", paramLabel = "ADDRESS", defaultValue = DEMO_FACTORY,
            description = "ReleaseFactory address (default: ${DEFAULT-VALUE}, the first contract a fresh Hardhat node deploys).")
    String factory;

    @Option(names = "--release", paramLabel = "ADDRESS", defaultValue = ReleaseTerms.ZERO_ADDRESS,
            description = "Predicted release (clone) address; shares are bound to it (default: the zero address, demo only).")
    String release;

    @Option(names = "--token", paramLabel = "ADDRESS", defaultValue = ReleaseTerms.ZERO_ADDRESS, description = "Payment token; the zero address means ETH (default).")
    String token;

    @Option(names = "--goal", paramLabel = "WEI", defaultValue = "1000000000000000000", description = "Funding goal in the token's smallest unit (default: 1 ETH).")
    BigInteger goal;

    @Option(names = "--fee", paramLabel = "WEI", description = "Artist's fixed fee, at most the goal (default: 90%% of the goal).")
    BigInteger fee;

    @Option(names = "--enroll-deadline", paramLabel = "TIME", description = "Keyholder enrolment deadline: Unix seconds or ISO-8601 instant (default: now + 7 days).")
    String enrollDeadline;

    @Option(names = "--deadline", paramLabel = "TIME", description = "Funding deadline: Unix seconds or ISO-8601 instant (default: now + 30 days).")
    String deadline;

    @Option(names = "--reveal-period", paramLabel = "SECONDS", defaultValue = "259200", description = "Seconds keyholders have to publish keys after funding (default: 3 days).")
    long revealPeriod;

    ReleaseTerms toTerms(Instant now) {
        BigInteger f = fee != null ? fee : goal.multiply(BigInteger.valueOf(9)).divide(BigInteger.TEN);
        long enroll = enrollDeadline != null ? time(enrollDeadline, "--enroll-deadline") : now.plus(Duration.ofDays(7)).getEpochSecond();
        long fund = deadline != null ? time(deadline, "--deadline") : now.plus(Duration.ofDays(30)).getEpochSecond();
        return new ReleaseTerms(chainId, factory, release, token, goal, f, enroll, fund, revealPeriod);
    }

    static long time(String text, String option) {
        if (text.matches("\\d{1,15}")) return Long.parseLong(text);
        try {
            return Instant.parse(text).getEpochSecond();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " " + text + " is neither Unix seconds nor an ISO-8601 instant like 2027-01-31T12:00:00Z");
        }
    }
}
