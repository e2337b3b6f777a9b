package org.unveil.keyholder.store;

import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Locale;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.utils.Numeric;

/**
 * What the journal reads from signed bytes rather than takes on trust: the nonce, chain, sender and
 * fees are decoded from the transaction itself and its hash is computed from the bytes, so a stored
 * attempt can never claim a nonce or hash that its bytes do not have.
 */
record SignedTransaction(byte[] raw, String hash, long nonce, long chainId, String from, BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {

    static SignedTransaction decode(byte[] raw) throws JournalRuleException {
        if (raw == null || raw.length == 0) throw new JournalRuleException("the signer returned no transaction bytes; it must return a signed EIP-1559 transaction");
        RawTransaction decoded;
        try {
            decoded = TransactionDecoder.decode(Numeric.toHexString(raw));
        } catch (RuntimeException e) {
            throw new JournalRuleException("the signer returned bytes that are not a transaction (" + e.getMessage() + "); it must return a signed EIP-1559 transaction");
        }
        if (!(decoded instanceof SignedRawTransaction signed) || !(decoded.getTransaction() instanceof Transaction1559 tx)) {
            throw new JournalRuleException("the signer returned an unsigned or non-EIP-1559 transaction; the journal stores signed EIP-1559 transactions only");
        }
        String from;
        try {
            from = signed.getFrom().toLowerCase(Locale.ROOT);
        } catch (SignatureException | RuntimeException e) {
            throw new JournalRuleException("the signed transaction's signature does not recover a sender (" + e.getMessage() + ")");
        }
        return new SignedTransaction(raw.clone(), Hash.sha3(Numeric.toHexString(raw)).toLowerCase(Locale.ROOT), tx.getNonce().longValueExact(),
                tx.getChainId(), from, tx.getMaxFeePerGas(), tx.getMaxPriorityFeePerGas());
    }
}
