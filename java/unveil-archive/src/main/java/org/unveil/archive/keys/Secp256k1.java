package org.unveil.archive.keys;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.jcajce.provider.digest.Keccak;

/** The secp256k1 group as spec/keys.md section 1 fixes it: scalars, SEC1 points, Ethereum addresses. */
final class Secp256k1 {
    private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
    static final ECCurve CURVE = PARAMS.getCurve();
    static final ECPoint G = PARAMS.getG();
    static final BigInteger N = PARAMS.getN();
    static final BigInteger HALF_N = N.shiftRight(1);
    static final int SCALAR_BYTES = 32;
    static final int COMPRESSED_BYTES = 33;
    static final int UNCOMPRESSED_BYTES = 65;

    private Secp256k1() {}

    /** Parses a 32-byte big-endian scalar in [1, n-1]; {@code what} names it in the error. */
    static BigInteger nonZeroScalar(byte[] b32, String what) {
        if (b32 == null || b32.length != SCALAR_BYTES) {
            throw new IllegalArgumentException(what + " must be 32 bytes, got " + (b32 == null ? "none" : b32.length));
        }
        BigInteger x = new BigInteger(1, b32);
        if (x.signum() == 0 || x.compareTo(N) >= 0) {
            throw new IllegalArgumentException(what + " must be in [1, n-1] of secp256k1 (it is 0 or >= n)");
        }
        return x;
    }

    /** Parses a 32-byte big-endian scalar in [0, n-1]. */
    static BigInteger scalar(byte[] b32, String what) {
        if (b32 == null || b32.length != SCALAR_BYTES) {
            throw new IllegalArgumentException(what + " must be 32 bytes, got " + (b32 == null ? "none" : b32.length));
        }
        BigInteger x = new BigInteger(1, b32);
        if (x.compareTo(N) >= 0) throw new IllegalArgumentException(what + " must be below the secp256k1 order n");
        return x;
    }

    static byte[] toBytes32(BigInteger x) {
        byte[] raw = x.toByteArray();
        if (raw.length == SCALAR_BYTES) return raw;
        byte[] out = new byte[SCALAR_BYTES];
        if (raw.length > SCALAR_BYTES) {
            System.arraycopy(raw, raw.length - SCALAR_BYTES, out, 0, SCALAR_BYTES);
        } else {
            System.arraycopy(raw, 0, out, SCALAR_BYTES - raw.length, raw.length);
        }
        Arrays.fill(raw, (byte) 0);
        return out;
    }

    static ECPoint mulG(BigInteger k) {
        return new FixedPointCombMultiplier().multiply(G, k).normalize();
    }

    /**
     * Decodes a SEC1 point (33-byte compressed or 65-byte uncompressed), rejecting the point at
     * infinity, hybrid encodings and points not on the curve.
     */
    static ECPoint decodePoint(byte[] encoded, String what) {
        if (encoded == null) throw new IllegalArgumentException(what + " is missing");
        boolean compressed = encoded.length == COMPRESSED_BYTES && (encoded[0] == 2 || encoded[0] == 3);
        boolean uncompressed = encoded.length == UNCOMPRESSED_BYTES && encoded[0] == 4;
        if (!compressed && !uncompressed) {
            throw new IllegalArgumentException(what + " must be a 33-byte compressed or 65-byte uncompressed"
                    + " secp256k1 point, got " + encoded.length + " bytes starting with 0x"
                    + (encoded.length == 0 ? "" : String.format("%02x", encoded[0])));
        }
        ECPoint p;
        try {
            p = CURVE.decodePoint(encoded).normalize();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not a point on secp256k1");
        }
        if (p.isInfinity() || !p.isValid()) throw new IllegalArgumentException(what + " is not a point on secp256k1");
        return p;
    }

    static byte[] compressed(ECPoint p) {
        return p.getEncoded(true);
    }

    static byte[] uncompressed(ECPoint p) {
        return p.getEncoded(false);
    }

    /** The Ethereum address of a point: the last 20 bytes of keccak256(X || Y), 0x + lowercase hex. */
    static String address(ECPoint p) {
        byte[] xy = Arrays.copyOfRange(uncompressed(p), 1, UNCOMPRESSED_BYTES);
        byte[] hash = new Keccak.Digest256().digest(xy);
        return Hex.encode0x(Arrays.copyOfRange(hash, 12, 32));
    }
}
