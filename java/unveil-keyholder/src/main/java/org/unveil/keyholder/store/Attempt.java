package org.unveil.keyholder.store;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * One signed transaction of an action, exactly as signed: the first, or a fee bump on the same
 * nonce. {@code rawTransaction} is what is sent, and re-sent after a crash, byte for byte.
 */
public record Attempt(int seq, byte[] rawTransaction, String txHash, BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas,
                      Instant createdAt, Optional<Instant> broadcastAt) {
    public Attempt {
        rawTransaction = rawTransaction.clone();
    }

    @Override
    public byte[] rawTransaction() {
        return rawTransaction.clone();
    }
}
