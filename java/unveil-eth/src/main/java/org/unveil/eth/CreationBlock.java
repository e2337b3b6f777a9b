package org.unveil.eth;

import java.io.IOException;
import java.math.BigInteger;
import org.web3j.protocol.core.DefaultBlockParameter;

/**
 * Finds the block a contract was created in by bisecting on {@code eth_getCode} (code exists from
 * that block on): about log2(height) calls instead of scanning logs from genesis.
 */
final class CreationBlock {
    private CreationBlock() {}

    static BigInteger find(Chain chain, String address) throws ChainException {
        BigInteger hi = chain.blockNumber();
        if (!hasCodeAt(chain, address, hi)) {
            throw new ChainException("no contract at " + address + " on chain " + chain.chainId() + " (block " + hi + ")");
        }
        BigInteger lo = BigInteger.ZERO;
        while (lo.compareTo(hi) < 0) {
            BigInteger mid = lo.add(hi).shiftRight(1);
            if (hasCodeAt(chain, address, mid)) hi = mid;
            else lo = mid.add(BigInteger.ONE);
        }
        return lo;
    }

    private static boolean hasCodeAt(Chain chain, String address, BigInteger block) throws ChainException {
        try {
            var resp = chain.web3j().ethGetCode(address, DefaultBlockParameter.valueOf(block)).send();
            if (resp.hasError()) throw new ChainException("eth_getCode " + address + " at block " + block + ": " + resp.getError().getMessage());
            String code = resp.getCode();
            return code != null && code.length() > 2;
        } catch (IOException e) {
            throw new ChainException("eth_getCode " + address + " at block " + block + " failed: " + e.getMessage(), e);
        }
    }
}
