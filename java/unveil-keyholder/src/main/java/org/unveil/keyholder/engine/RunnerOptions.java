package org.unveil.keyholder.engine;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;

/**
 * How the daemon sends its transactions.
 *
 * @param confirmations how many blocks must hold a mined transaction (its own counts) before its action is final
 * @param bumpAfter how long a sent transaction may stay unmined before it is re-signed with higher fees on the same nonce
 * @param bumpPercent how much each bump raises both fees (nodes want at least 10 for a replacement)
 * @param maxFeePerGas the cap on the fee per gas: no attempt is signed above it, so a fee spike cannot drain the account
 */
public record RunnerOptions(int confirmations, Duration bumpAfter, int bumpPercent, BigInteger maxFeePerGas) {
    public RunnerOptions {
        if (confirmations < 1) throw new IllegalArgumentException("confirmations must be >= 1, got " + confirmations);
        Objects.requireNonNull(bumpAfter, "bump interval required");
        if (bumpPercent < 10 || bumpPercent > 100) throw new IllegalArgumentException("fee bump must be 10..100 percent, got " + bumpPercent);
        if (maxFeePerGas.signum() <= 0) throw new IllegalArgumentException("the fee cap must be > 0 wei per gas, got " + maxFeePerGas);
    }
}
