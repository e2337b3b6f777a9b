package org.unveil.eth;

import java.math.BigInteger;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** What a transaction cost its sender, so balance checks can be exact. */
final class Balances {
    private Balances() {}

    static BigInteger gasCost(TransactionReceipt r) {
        return r.getGasUsed().multiply(new BigInteger(r.getEffectiveGasPrice().substring(2), 16));
    }
}
