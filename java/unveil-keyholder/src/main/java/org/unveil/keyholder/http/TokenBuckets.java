package org.unveil.keyholder.http;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One token bucket per key (a client IP, an artist). Memory stays bounded: when the map reaches
 * {@link #MAX_KEYS}, buckets that have refilled (idle keys) are dropped, since a full bucket is what
 * a new key starts with anyway; if none has, the oldest state is cleared wholesale rather than grown.
 */
final class TokenBuckets {
    static final int MAX_KEYS = 100_000;

    private static final class Bucket {
        double tokens;
        long lastNanos;
    }

    private final RateLimit limit;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new HashMap<>();

    TokenBuckets(RateLimit limit, LongSupplier nanoTime) {
        this.limit = limit;
        this.nanoTime = nanoTime;
    }

    /** Takes a token for {@code key}: 0 if granted, else the whole seconds to wait before one is there. */
    synchronized long take(String key) {
        long now = nanoTime.getAsLong();
        Bucket b = buckets.get(key);
        if (b == null) {
            if (buckets.size() >= MAX_KEYS) evictRefilled(now);
            b = new Bucket();
            b.tokens = limit.burst();
            b.lastNanos = now;
            buckets.put(key, b);
        }
        refill(b, now);
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - b.tokens) / limit.perSecond()));
    }

    private void refill(Bucket b, long now) {
        b.tokens = Math.min(limit.burst(), b.tokens + (now - b.lastNanos) / 1e9 * limit.perSecond());
        b.lastNanos = now;
    }

    private void evictRefilled(long now) {
        buckets.values().removeIf(b -> {
            refill(b, now);
            return b.tokens >= limit.burst();
        });
        if (buckets.size() >= MAX_KEYS) buckets.clear();
    }
}
