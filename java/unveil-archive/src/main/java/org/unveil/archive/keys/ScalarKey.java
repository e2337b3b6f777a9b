package org.unveil.archive.keys;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A secp256k1 scalar in [1, n-1] with its public point: the shared body of {@link ReleaseSecret}
 * and {@link ReleaseKey}. The scalar bytes are zeroed on {@link #destroy()}.
 *
 * <p>BigInteger copies made for arithmetic cannot be zeroed (the JDK type is immutable); they are
 * short-lived locals, which is the best the JVM allows without a native library.
 */
final class ScalarKey {
    private final byte[] scalar;
    private final ECPoint point;
    private final byte[] compressed;
    private final String address;
    private volatile boolean destroyed;

    ScalarKey(byte[] s32, String what) {
        BigInteger s = Secp256k1.nonZeroScalar(s32, what);
        this.scalar = s32.clone();
        this.point = Secp256k1.mulG(s);
        this.compressed = Secp256k1.compressed(point);
        this.address = Secp256k1.address(point);
    }

    static byte[] randomScalarBytes(SecureRandom rnd) {
        Objects.requireNonNull(rnd, "SecureRandom required");
        byte[] b = new byte[Secp256k1.SCALAR_BYTES];
        // Rejection sampling keeps the scalar uniform in [1, n-1]; a retry happens with probability ~2^-128.
        while (true) {
            rnd.nextBytes(b);
            BigInteger x = new BigInteger(1, b);
            if (x.signum() != 0 && x.compareTo(Secp256k1.N) < 0) return b;
        }
    }

    byte[] bytes() {
        checkLive();
        return scalar.clone();
    }

    BigInteger value() {
        checkLive();
        return new BigInteger(1, scalar);
    }

    ECPoint point() {
        return point;
    }

    byte[] publicKey() {
        return compressed.clone();
    }

    String address() {
        return address;
    }

    void destroy() {
        Arrays.fill(scalar, (byte) 0);
        destroyed = true;
    }

    boolean isDestroyed() {
        return destroyed;
    }

    /** Constant-time comparison of the scalars; destroyed keys equal only themselves. */
    boolean sameScalar(ScalarKey other) {
        if (other == this) return true;
        if (destroyed || other.destroyed) return false;
        return MessageDigest.isEqual(scalar, other.scalar);
    }

    private void checkLive() {
        if (destroyed) throw new IllegalStateException("key material was destroyed; load or derive it again");
    }
}
