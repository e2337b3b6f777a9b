package org.unveil.eth.hiring;

import org.unveil.eth.Eip712;
import org.web3j.crypto.Credentials;

/** The verification steps the three messages share, in the order spec/keyholder-protocol.md section 5 gives. */
final class Checks {
    /** Clocks of bots and artists differ; a minute either way is not an attack. */
    static final long SKEW_SECONDS = 60;

    private Checks() {}

    static void context(String what, long chainId, String factory, HiringDomain expected) throws HiringMessageException {
        if (chainId != expected.chainId()) {
            throw new HiringMessageException(RefusalCode.WRONG_CHAIN, what + " is for chain " + chainId + "; this keyholder serves chain "
                    + expected.chainId() + "; sign it for chain " + expected.chainId());
        }
        if (!factory.equals(expected.factory())) {
            throw new HiringMessageException(RefusalCode.WRONG_FACTORY, what + " is for factory " + factory + "; this keyholder serves factory "
                    + expected.factory() + "; sign it for that factory");
        }
    }

    /** Recovers the signer of {@code structHash} under {@code domain} and requires it to be {@code signer}. */
    static String signer(String what, byte[] structHash, String signature, HiringDomain domain, String signer, String role)
            throws HiringMessageException {
        String recovered;
        try {
            recovered = Eip712.recover(domain.digest(structHash), Fields.bytes(signature));
        } catch (IllegalArgumentException e) {
            throw new HiringMessageException(RefusalCode.BAD_SIGNATURE, what + " has an invalid signature: " + e.getMessage());
        }
        if (!recovered.equals(signer)) {
            throw new HiringMessageException(RefusalCode.BAD_SIGNATURE, what + " is signed by " + recovered + ", not by its " + role + " "
                    + signer + "; sign it with that key, over exactly these fields, chain and factory");
        }
        return recovered;
    }

    /** Signs {@code digest} with {@code key}, which must be the message's {@code role}, {@code signer}: a message signed by anyone else is refused anyway. */
    static String sign(byte[] digest, Credentials key, String signer, String role) {
        if (!key.getAddress().equals(signer)) {
            throw new IllegalArgumentException("the message names " + role + " " + signer + " but the key is " + key.getAddress());
        }
        return Fields.hex(Eip712.sign(digest, key.getEcKeyPair()));
    }

    static void notExpired(String what, long expiresAt, long now) throws HiringMessageException {
        if (now > expiresAt + SKEW_SECONDS) {
            throw new HiringMessageException(RefusalCode.EXPIRED, what + " expired at " + expiresAt + " (now " + now
                    + ", " + SKEW_SECONDS + " s of clock skew allowed); sign a new one");
        }
    }

    static void issued(String what, long issuedAt, long now) throws HiringMessageException {
        if (issuedAt > now + SKEW_SECONDS) {
            throw new HiringMessageException(RefusalCode.EXPIRED, what + " is issued at " + issuedAt + ", in the future (now " + now
                    + "); check the signer's clock");
        }
    }
}
