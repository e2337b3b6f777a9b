package org.unveil.keyholder.store;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/** Real signed EIP-1559 transactions and addresses for the store's tests (test keys: SHA-256 of a label, worth nothing). */
final class TestChain {
    static final long CHAIN_ID = 31337;
    static final String FACTORY = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

    private TestChain() {}

    static Credentials account(String label) {
        return Credentials.create(ECKeyPair.create(new BigInteger(1, sha256(label))));
    }

    static String address(String label) {
        return Numeric.toHexString(sha256(label)).substring(0, 42);
    }

    static String hash(String label) {
        return Numeric.toHexString(sha256(label));
    }

    /** A signer for {@code who}: a call to the release with these fees, on chain {@code chainId}. */
    static TransactionSigner signer(Credentials who, long chainId, long maxFee, long tip) {
        return nonce -> TransactionEncoder.signMessage(RawTransaction.createTransaction(chainId, BigInteger.valueOf(nonce), BigInteger.valueOf(200_000),
                address("release"), BigInteger.ZERO, "0x", BigInteger.valueOf(tip), BigInteger.valueOf(maxFee)), who);
    }

    static TransactionSigner signer(Credentials who) {
        return signer(who, CHAIN_ID, 2_000_000_000L, 1_000_000_000L);
    }

    /** A second, plain connection to the file: what the tests inspect or tamper with, outside the store. */
    static Connection raw(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    static byte[] sha256(String label) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
