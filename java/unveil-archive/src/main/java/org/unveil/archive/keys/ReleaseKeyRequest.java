package org.unveil.archive.keys;

import java.util.Locale;

/**
 * What a keyholder's wallet signs to derive its release key (spec/keys.md section 4): the chain,
 * the release factory, the release (clone) address, the keyholder's own wallet address, a purpose
 * label (default {@value #DEFAULT_PURPOSE}) and an optional phrase. The phrase never reaches the
 * wallet; it is mixed into the HKDF, so a leaked signature alone does not give the key.
 */
public record ReleaseKeyRequest(long chainId, String factory, String release, String keyholder, String purpose,
        String phrase) {
    public static final String DEFAULT_PURPOSE = "keyholder";
    static final int MAX_TEXT_BYTES = 1024;

    public ReleaseKeyRequest {
        if (chainId <= 0) throw new IllegalArgumentException("chain id must be positive, got " + chainId);
        factory = ShareContext.normaliseAddress(factory, "factory");
        release = ShareContext.normaliseAddress(release, "release");
        keyholder = ShareContext.normaliseAddress(keyholder, "keyholder");
        purpose = purpose == null || purpose.isBlank() ? DEFAULT_PURPOSE : purpose;
        if (purpose.length() > MAX_TEXT_BYTES) throw new IllegalArgumentException("purpose is longer than 1024 characters");
        if (phrase != null && phrase.length() > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("phrase is longer than 1024 characters");
        }
        phrase = phrase == null ? "" : phrase;
    }

    /** A request with the default purpose and no phrase. */
    public static ReleaseKeyRequest of(long chainId, String factory, String release, String keyholder) {
        return new ReleaseKeyRequest(chainId, factory, release, keyholder, DEFAULT_PURPOSE, null);
    }

    /** Whether {@code address} (0x-hex, any case) is this request's keyholder. */
    public boolean keyholderIs(String address) {
        return keyholder.equals(address.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        // The phrase is a second secret factor: never printed.
        return "ReleaseKeyRequest[chainId=" + chainId + ", factory=" + factory + ", release=" + release
                + ", keyholder=" + keyholder + ", purpose=" + purpose + ", phrase=" + (phrase.isEmpty() ? "none" : "set")
                + "]";
    }
}
