package org.unveil.keyholder.store;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
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

    /** By content: two attempts are equal when their bytes are, as a record of an array would not say. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Attempt a && seq == a.seq && Arrays.equals(rawTransaction, a.rawTransaction) && txHash.equals(a.txHash)
                && maxFeePerGas.equals(a.maxFeePerGas) && maxPriorityFeePerGas.equals(a.maxPriorityFeePerGas)
                && createdAt.equals(a.createdAt) && broadcastAt.equals(a.broadcastAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seq, Arrays.hashCode(rawTransaction), txHash, maxFeePerGas, maxPriorityFeePerGas, createdAt, broadcastAt);
    }

    @Override
    public String toString() {
        return "Attempt[seq=" + seq + ", txHash=" + txHash + ", bytes=" + rawTransaction.length + ", maxFeePerGas=" + maxFeePerGas
                + ", maxPriorityFeePerGas=" + maxPriorityFeePerGas + ", createdAt=" + createdAt + ", broadcastAt=" + broadcastAt + "]";
    }
}
