package org.unveil.keyholder.chain;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with "equal jitter": the n-th retry waits between half and all of
 * {@code min(cap, base * 2^(n-1))}. The jitter spreads out bots that a node's outage failed at
 * the same instant; the lower half keeps a retry from coming back at once.
 */
final class Backoff {
    private final long baseMillis;
    private final long capMillis;
    private final RandomGenerator random;

    Backoff(Duration base, Duration cap, RandomGenerator random) {
        this.baseMillis = base.toMillis();
        this.capMillis = cap.toMillis();
        this.random = random;
    }

    /** The wait before retry {@code n} (1 for the first). */
    long delayMillis(int n) {
        if (n < 1) throw new IllegalArgumentException("retry number must be >= 1, got " + n);
        long full = n > 40 ? capMillis : Math.min(capMillis, baseMillis << (n - 1));
        long half = full / 2;
        return half + (full - half == 0 ? 0 : random.nextLong(full - half + 1));
    }
}
