package org.unveil.keyholder.http;

import java.util.Optional;

/**
 * The answer to {@code GET /healthz} (spec/keyholder-protocol.md section 8.6): the chain, its head
 * block, the last block the bot processed, and, when the bot's last successful poll is older than
 * five poll intervals, why it is degraded.
 */
public record Health(long chainId, long head, long cursor, Optional<String> degraded) {
    public static Health ok(long chainId, long head, long cursor) {
        return new Health(chainId, head, cursor, Optional.empty());
    }

    public static Health degraded(long chainId, long head, long cursor, String reason) {
        return new Health(chainId, head, cursor, Optional.of(reason));
    }

    public long lagBlocks() {
        return Math.max(0, head - cursor);
    }
}
