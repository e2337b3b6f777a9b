package org.unveil.archive;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The on-chain terms a release is packed for, recorded in the manifest so that keyholders and fans
 * can check the contract they are shown matches the archive. Amounts are in the payment token's
 * smallest unit (wei for ETH); times are Unix seconds.
 *
 * @param chainId EIP-155 chain id
 * @param factory the ReleaseFactory address (0x + 40 lowercase hex)
 * @param release the predicted (CREATE2) address of this release's contract
 * @param token the payment token, the zero address for native ETH
 * @param goal funding goal
 * @param artistFee the artist's fixed fee, at most the goal
 * @param enrolDeadline keyholders must have enrolled by then, else the release is cancelled
 * @param pledgeDeadline pledging ends; unfunded releases fail and refund
 * @param revealWindow seconds keyholders have after funding to publish their keys
 * @param sampleCount how many encrypted fragments the chain samples before pledging opens, 1..16
 *     ({@link SampleRule}); the artist must reveal their keys
 */
public record ReleaseTerms(long chainId, String factory, String release, String token, BigInteger goal,
        BigInteger artistFee, long enrolDeadline, long pledgeDeadline, long revealWindow, int sampleCount) {

    public static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

    /**
     * The default sample count. Three samples catch a brick of half the encrypted fragments with
     * probability 1 - 0.5^3 = 87.5% and a full brick always, while giving away only three
     * fragments before anyone pays (90 s of music with the default 30-s MP3 cut). More samples
     * catch smaller bricks (5: 96.9% at half) but publish more of the work for free.
     */
    public static final int DEFAULT_SAMPLE_COUNT = 3;

    /** Terms with the {@link #DEFAULT_SAMPLE_COUNT}. */
    public ReleaseTerms(long chainId, String factory, String release, String token, BigInteger goal, BigInteger artistFee, long enrolDeadline,
            long pledgeDeadline, long revealWindow) {
        this(chainId, factory, release, token, goal, artistFee, enrolDeadline, pledgeDeadline, revealWindow, DEFAULT_SAMPLE_COUNT);
    }

    public ReleaseTerms {
        Objects.requireNonNull(factory, "factory address required");
        Objects.requireNonNull(release, "release address required");
        Objects.requireNonNull(token, "token address required");
        Objects.requireNonNull(goal, "goal required");
        Objects.requireNonNull(artistFee, "artist fee required");
        factory = address("factory", factory);
        release = address("release", release);
        token = address("token", token);
        if (chainId < 1 || chainId > (1L << 53) - 1) throw new IllegalArgumentException("chain id " + chainId + " must be in 1..2^53-1");
        if (goal.signum() <= 0) throw new IllegalArgumentException("goal " + goal + " must be positive");
        if (artistFee.signum() < 0 || artistFee.compareTo(goal) > 0) {
            throw new IllegalArgumentException("artist fee " + artistFee + " must be between 0 and the goal " + goal);
        }
        if (goal.bitLength() > 256) throw new IllegalArgumentException("goal " + goal + " does not fit uint256");
        if (enrolDeadline < 0 || pledgeDeadline <= enrolDeadline) {
            throw new IllegalArgumentException("the pledge deadline " + java.time.Instant.ofEpochSecond(pledgeDeadline)
                    + " must be after the enrolment deadline " + java.time.Instant.ofEpochSecond(enrolDeadline));
        }
        if (revealWindow <= 0) throw new IllegalArgumentException("the reveal window " + revealWindow + " must be positive seconds");
        if (sampleCount < SampleRule.MIN_SAMPLES || sampleCount > SampleRule.MAX_SAMPLES) {
            throw new IllegalArgumentException("the sample count " + sampleCount + " must be in " + SampleRule.MIN_SAMPLES + ".." + SampleRule.MAX_SAMPLES);
        }
        if (pledgeDeadline > (1L << 53) - 1 || revealWindow > (1L << 53) - 1) throw new IllegalArgumentException("times must be below 2^53");
    }

    private static String address(String what, String a) {
        if (!a.matches("0x[0-9a-fA-F]{40}")) throw new IllegalArgumentException(what + " address '" + a + "' must be 0x followed by 40 hex digits");
        return a.toLowerCase(java.util.Locale.ROOT);
    }
}
