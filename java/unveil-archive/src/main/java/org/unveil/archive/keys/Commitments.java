package org.unveil.archive.keys;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Feldman commitments of one group: {@code C_j = a_j*G} for the coefficients of the sharing
 * polynomial, {@code C_0 = S}. The threshold is the number of commitments. Public data: it goes
 * into the manifest as hex (spec/keys.md section 2).
 */
public final class Commitments {
    private final List<ECPoint> points;

    Commitments(List<ECPoint> points) {
        if (points.isEmpty() || points.size() > GroupSpec.MAX_SIZE) {
            throw new IllegalArgumentException("a group needs 1..255 commitments, got " + points.size());
        }
        this.points = List.copyOf(points);
    }

    /** Parses compressed points as hex strings (0x optional), index 0 being {@code S}. */
    public static Commitments fromHex(List<String> hex) {
        Objects.requireNonNull(hex, "commitments required");
        List<ECPoint> points = new ArrayList<>(hex.size());
        for (int j = 0; j < hex.size(); j++) {
            String what = "commitment " + j;
            points.add(Secp256k1.decodePoint(Hex.decode(hex.get(j), Secp256k1.COMPRESSED_BYTES, what), what));
        }
        return new Commitments(points);
    }

    /** The commitments, SEC1 compressed (33 bytes each); index 0 is {@code S}. */
    public List<byte[]> points() {
        return points.stream().map(Secp256k1::compressed).toList();
    }

    /** 0x-prefixed lowercase hex of {@link #points()}, for JSON. */
    public List<String> toHex() {
        return points.stream().map(p -> Hex.encode0x(Secp256k1.compressed(p))).toList();
    }

    /** The threshold M: how many shares rebuild the secret. */
    public int threshold() {
        return points.size();
    }

    /** {@code S}, compressed: equal across all groups of one release. */
    public byte[] secretPublicKey() {
        return Secp256k1.compressed(points.get(0));
    }

    List<ECPoint> ecPoints() {
        return points;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Commitments other && other.points.equals(points);
    }

    @Override
    public int hashCode() {
        return points.hashCode();
    }

    @Override
    public String toString() {
        return "Commitments[threshold=" + threshold() + ", S=" + toHex().get(0) + "]";
    }
}
