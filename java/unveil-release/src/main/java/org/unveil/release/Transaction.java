package org.unveil.release;

import java.util.Objects;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** One transaction a step sent, named by its action ({@code approve}, {@code enrol}, {@code claimDeposit 1}, ...). */
public record Transaction(String action, TransactionReceipt receipt) {
    public Transaction {
        Objects.requireNonNull(action, "action required");
        Objects.requireNonNull(receipt, "receipt required");
    }
}
