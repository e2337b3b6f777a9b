package org.unveil.archive.keys;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * One keyholder's share {@code (i, f(i))} of the release secret, in the RFC 9591 trusted-dealer
 * layout: identifier {@code i} in 1..255, value a 32-byte big-endian scalar below n.
 * The value is zeroed on {@link #destroy()}; equality compares it in constant time.
 */
public final class SecretShare implements Destroyable {
    private final int identifier;
    private final byte[] value;
    private volatile boolean destroyed;

    /** A share from its identifier and 32-byte value (as decrypted or read from a vector). */
    public SecretShare(int identifier, byte[] value32) {
        if (identifier < 1 || identifier > GroupSpec.MAX_SIZE) {
            throw new IllegalArgumentException("share identifier must be in [1, 255], got " + identifier);
        }
        Secp256k1.scalar(value32, "share " + identifier + " value");
        this.identifier = identifier;
        this.value = value32.clone();
    }

    static SecretShare of(int identifier, BigInteger value) {
        byte[] b = Secp256k1.toBytes32(value);
        try {
            return new SecretShare(identifier, b);
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    /** The identifier, 1..N within its group. */
    public int identifier() {
        return identifier;
    }

    /** A copy of the 32-byte big-endian share value. */
    public byte[] value() {
        checkLive();
        return value.clone();
    }

    BigInteger scalar() {
        checkLive();
        return new BigInteger(1, value);
    }

    @Override
    public void destroy() {
        Arrays.fill(value, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) return true;
        return o instanceof SecretShare other && other.identifier == identifier && !destroyed && !other.destroyed
                && MessageDigest.isEqual(value, other.value);
    }

    @Override
    public int hashCode() {
        return identifier;
    }

    @Override
    public String toString() {
        return "SecretShare[identifier=" + identifier + (destroyed ? ", destroyed" : "") + "]";
    }

    private void checkLive() {
        if (destroyed) throw new IllegalStateException("share " + identifier + " was destroyed");
    }
}
