package org.unveil.archive.keys;

import java.security.SecureRandom;
import java.util.Arrays;
import javax.security.auth.Destroyable;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The release secret {@code s}: a secp256k1 scalar whose public point {@code S = s*G} goes into the
 * contract and the manifest. It seeds the archive's age identity and is what the keyholder groups
 * share (spec/keys.md section 2).
 *
 * <p>Equality compares the secret in constant time; {@link #toString()} shows only {@code S}.
 */
public final class ReleaseSecret implements Destroyable {
    private final ScalarKey key;

    private ReleaseSecret(byte[] s32) {
        this.key = new ScalarKey(s32, "release secret");
    }

    /** A fresh uniformly random secret in [1, n-1]. */
    public static ReleaseSecret generate(SecureRandom rnd) {
        byte[] b = ScalarKey.randomScalarBytes(rnd);
        try {
            return new ReleaseSecret(b);
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    /** The secret from its 32-byte big-endian encoding; rejects 0 and values {@code >= n}. */
    public static ReleaseSecret fromBytes(byte[] s32) {
        return new ReleaseSecret(s32);
    }

    /** A copy of the 32-byte big-endian secret; the caller should zero it after use. */
    public byte[] bytes() {
        return key.bytes();
    }

    /** {@code S = s*G}, SEC1 compressed (33 bytes). */
    public byte[] publicKey() {
        return key.publicKey();
    }

    /** The Ethereum address of {@code S}, 0x-prefixed lowercase hex. */
    public String address() {
        return key.address();
    }

    ScalarKey key() {
        return key;
    }

    ECPoint point() {
        return key.point();
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
        return o instanceof ReleaseSecret other && key.sameScalar(other.key);
    }

    @Override
    public int hashCode() {
        // Derived from the public point, so it reveals nothing and still agrees with equals.
        return Arrays.hashCode(key.publicKey());
    }

    @Override
    public String toString() {
        return "ReleaseSecret[S=" + Hex.encode0x(key.publicKey()) + (isDestroyed() ? ", destroyed" : "") + "]";
    }
}
