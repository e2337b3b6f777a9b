package org.unveil.keyholder.engine;

import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * Which block the bot treats as final: the one {@code confirmations} deep (the head counts as 1),
 * or the node's {@code finalized} block. A share is published only when the release is funded at
 * that block, so a reorg that undoes a funding the bot saw at the head cannot make it publish.
 *
 * @param confirmations blocks deep, >= 1; ignored when {@code useFinalizedTag}
 */
public record Finality(int confirmations, boolean useFinalizedTag) {
    public Finality {
        if (!useFinalizedTag && confirmations < 1) throw new IllegalArgumentException("confirmations must be >= 1, got " + confirmations);
    }

    public static Finality blocks(int confirmations) {
        return new Finality(confirmations, false);
    }

    public static Finality finalizedTag() {
        return new Finality(0, true);
    }

    DefaultBlockParameter finalBlock(long head) {
        if (useFinalizedTag) return DefaultBlockParameterName.FINALIZED;
        return DefaultBlockParameter.valueOf(java.math.BigInteger.valueOf(Math.max(0, head - confirmations + 1)));
    }

    @Override
    public String toString() {
        return useFinalizedTag ? "the node's finalized block" : confirmations + (confirmations == 1 ? " block deep" : " blocks deep");
    }
}
