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
 * @param fee the artist's fixed fee, at most the goal
 * @param enrollmentDeadline keyholders must have enrolled by then, else the release is cancelled
 * @param fundingDeadline pledging ends; unfunded releases fail and refund
 * @param revealPeriod seconds keyholders have after funding to publish their keys
 */
public record ReleaseTerms(long chainId, String factory, String release, String token, BigInteger goal,
        BigInteger fee, long enrollmentDeadline, long fundingDeadline, long revealPeriod) {

    public static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

    public ReleaseTerms {
        Objects.requireNonNull(factory, "factory address required");
        Objects.requireNonNull(release, "release address required");
        Objects.requireNonNull(token, "token address required");
        Objects.requireNonNull(goal, "goal required");
        Objects.requireNonNull(fee, "fee required");
        factory = address("factory", factory);
        release = address("release", release);
        token = address("token", token);
        if (chainId < 1 || chainId > (1L << 53) - 1) throw new IllegalArgumentException("chain id " + chainId + " must be in 1..2^53-1");
        if (goal.signum() <= 0) throw new IllegalArgumentException("goal " + goal + " must be positive");
        if (fee.signum() < 0 || fee.compareTo(goal) > 0) throw new IllegalArgumentException("fee " + fee + " must be between 0 and the goal " + goal);
        if (goal.bitLength() > 256) throw new IllegalArgumentException("goal " + goal + " does not fit uint256");
        if (enrollmentDeadline < 0 || fundingDeadline <= enrollmentDeadline) {
            throw new IllegalArgumentException("funding deadline " + fundingDeadline + " must be after the enrollment deadline " + enrollmentDeadline);
        }
        if (revealPeriod <= 0) throw new IllegalArgumentException("reveal period " + revealPeriod + " must be positive seconds");
        if (fundingDeadline > (1L << 53) - 1 || revealPeriod > (1L << 53) - 1) throw new IllegalArgumentException("times must be below 2^53");
    }

    private static String address(String what, String a) {
        if (!a.matches("0x[0-9a-fA-F]{40}")) throw new IllegalArgumentException(what + " address '" + a + "' must be 0x followed by 40 hex digits");
        return a.toLowerCase(java.util.Locale.ROOT);
    }
}
