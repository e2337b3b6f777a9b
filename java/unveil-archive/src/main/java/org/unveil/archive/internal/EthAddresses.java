package org.unveil.archive.internal;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.jcajce.provider.digest.Keccak;
import org.bouncycastle.math.ec.ECPoint;

/** Ethereum address of a compressed secp256k1 public key (for keyholders known only by their public key). */
public final class EthAddresses {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");

    private EthAddresses() {}

    public static String ofCompressed(byte[] point33) {
        ECPoint p;
        try {
            p = CURVE.getCurve().decodePoint(point33).normalize();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("public key " + HexFormat.of().formatHex(point33) + " is not a secp256k1 point", e);
        }
        if (point33.length != 33 || p.isInfinity()) throw new IllegalArgumentException("public key must be a 33-byte compressed point");
        return ofUncompressed(p.getEncoded(false));
    }

    /** The address of a 65-byte uncompressed point (0x04 ‖ X ‖ Y), already known to be on the curve. */
    public static String ofUncompressed(byte[] point65) {
        if (point65.length != 65 || point65[0] != 4) throw new IllegalArgumentException("an uncompressed point is 65 bytes starting with 0x04");
        byte[] hash = new Keccak.Digest256().digest(Arrays.copyOfRange(point65, 1, 65));
        return "0x" + HexFormat.of().formatHex(hash, 12, 32);
    }
}
