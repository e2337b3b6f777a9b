package org.unveil.keyholder.http;

/**
 * A token bucket's shape: {@code burst} requests at once, refilled at {@code perSecond}
 * (spec/keyholder-protocol.md section 8: per client IP burst 30 at 5 a second, per artist burst 8 at 1 a second).
 */
public record RateLimit(int burst, double perSecond) {
    public static final RateLimit PER_IP = new RateLimit(30, 5);
    public static final RateLimit PER_ARTIST = new RateLimit(8, 1);

    public RateLimit {
        if (burst < 1) throw new IllegalArgumentException("a rate limit's burst must be >= 1, got " + burst);
        if (!(perSecond > 0)) throw new IllegalArgumentException("a rate limit's refill must be > 0 a second, got " + perSecond);
    }
}
