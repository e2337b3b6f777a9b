package org.unveil.keyholder.http;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.unveil.archive.ReleaseTerms;
import org.unveil.eth.hiring.Signed;
import org.unveil.eth.hiring.Solicitation;
import org.web3j.crypto.Credentials;

/** A solicitation under construction, inside {@link TestBot#POLICY} unless a test changes a field. */
final class SolicitationDraft {
    static final BigInteger ETH = BigInteger.TEN.pow(18);
    private static final SecureRandom RANDOM = new SecureRandom();

    long chainId;
    String factory;
    String release;
    String artist;
    String salt;
    int group = 0;
    int slot = 0;
    String token = ReleaseTerms.ZERO_ADDRESS;
    BigInteger deposit = ETH;
    BigInteger keyholderFee = ETH.divide(BigInteger.valueOf(100));
    long enrolDeadline;
    long pledgeDeadline;
    long revealWindow = 2 * 86_400;
    BigInteger goal = ETH.multiply(BigInteger.valueOf(3));
    long maxArchiveBytes = 8 << 20;
    String nonce = randomHex32();
    long expiresAt;

    SolicitationDraft(long chainId, String factory, String release, String artist, String salt, long now) {
        this.chainId = chainId;
        this.factory = factory;
        this.release = release;
        this.artist = artist;
        this.salt = salt;
        this.enrolDeadline = now + 86_400;
        this.pledgeDeadline = now + 7 * 86_400;
        this.expiresAt = now + 600;
    }

    Solicitation message() {
        return new Solicitation(chainId, factory, release, artist, salt, group, slot, token, deposit, keyholderFee, enrolDeadline, pledgeDeadline,
                revealWindow, goal, maxArchiveBytes, nonce, expiresAt);
    }

    Signed<Solicitation> sign(Credentials key) {
        return message().sign(key);
    }

    SolicitationDraft newNonce() {
        nonce = randomHex32();
        return this;
    }

    static String randomHex32() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return "0x" + HexFormat.of().formatHex(b);
    }
}
