package org.unveil.archive.keys;

import java.security.SecureRandom;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * A keyholder's per-release key {@code k}: shares are encrypted to {@code k*G}, the contract
 * registers the address of {@code k*G}, and the keyholder publishes {@code k} to release.
 * Derived from a wallet signature or random with an encrypted keystore backup (both in
 * unveil-eth, which signs with web3j); see spec/keys.md section 4.
 *
 * <p>Equality compares the key in constant time; {@link #toString()} shows only the address.
 */
public final class ReleaseKey implements Destroyable {
    private final ScalarKey key;

    private ReleaseKey(byte[] k32) {
        this.key = new ScalarKey(k32, "release key");
    }

    /** The key from its 32-byte big-endian encoding; rejects 0 and values {@code >= n}. */
    public static ReleaseKey fromBytes(byte[] k32) {
        return new ReleaseKey(k32);
    }

    /** A fresh uniformly random key, for keyholders whose wallet cannot derive one. */
    public static ReleaseKey random(SecureRandom rnd) {
        byte[] b = ScalarKey.randomScalarBytes(rnd);
        try {
            return new ReleaseKey(b);
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    /** A copy of the 32-byte big-endian key; the caller should zero it after use. */
    public byte[] bytes() {
        return key.bytes();
    }

    /** {@code k*G}, SEC1 compressed (33 bytes): what artists encrypt shares to. */
    public byte[] publicKey() {
        return key.publicKey();
    }

    /** The Ethereum address of {@code k*G}, 0x-prefixed lowercase hex: what the contract registers. */
    public String address() {
        return key.address();
    }

    @Override
    public void destroy() {
        key.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return key.isDestroyed();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReleaseKey other && key.sameScalar(other.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key.publicKey());
    }

    @Override
    public String toString() {
        return "ReleaseKey[" + key.address() + (isDestroyed() ? ", destroyed" : "") + "]";
    }
}
