package org.unveil.archive.keys;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Feldman verifiable secret sharing of the release secret on secp256k1, in the RFC 9591
 * trusted-dealer layout (Appendix C): {@code f(x) = s + a_1 x + ... + a_{M-1} x^{M-1} mod n},
 * share {@code i} is {@code f(i)} for i = 1..N, commitments are {@code a_j*G} with {@code a_0 = s}.
 * Every group of a release commits to the same {@code C_0 = S}.
 *
 * <p>Written by hand on Bouncy Castle's curve arithmetic: no maintained Java library implements
 * this layout (Bouncy Castle's {@code ShamirSecretSplitter} works over GF(2^8) bytes and has no
 * commitments). Spec: spec/keys.md section 2.
 */
public final class FeldmanVss {
    private FeldmanVss() {}

    /** The public commitments and the N secret shares of one group. */
    public record SplitGroup(Commitments commitments, List<SecretShare> shares) {
        public SplitGroup {
            Objects.requireNonNull(commitments, "commitments required");
            shares = List.copyOf(shares);
        }
    }

    /** Splits {@code s} M-of-N with uniformly random nonzero coefficients. */
    public static SplitGroup split(ReleaseSecret s, GroupSpec spec, SecureRandom rnd) {
        Objects.requireNonNull(s, "release secret required");
        Objects.requireNonNull(spec, "group spec required");
        Objects.requireNonNull(rnd, "SecureRandom required");
        List<BigInteger> coefficients = new ArrayList<>(spec.threshold() - 1);
        for (int j = 1; j < spec.threshold(); j++) {
            coefficients.add(new BigInteger(1, ScalarKey.randomScalarBytes(rnd)));
        }
        return split(s, coefficients, spec.size());
    }

    /** Splits with the given coefficients a_1..a_{M-1}: the derandomised form the test vectors use. */
    static SplitGroup split(ReleaseSecret s, List<BigInteger> coefficients, int size) {
        GroupSpec spec = new GroupSpec(coefficients.size() + 1, size);
        List<BigInteger> poly = new ArrayList<>(spec.threshold());
        poly.add(s.key().value());
        for (BigInteger a : coefficients) {
            if (a.signum() <= 0 || a.compareTo(Secp256k1.N) >= 0) {
                throw new IllegalArgumentException("coefficients must be in [1, n-1]");
            }
            poly.add(a);
        }
        List<ECPoint> commitments = new ArrayList<>(poly.size());
        commitments.add(s.point());
        for (int j = 1; j < poly.size(); j++) commitments.add(Secp256k1.mulG(poly.get(j)));
        List<SecretShare> shares = new ArrayList<>(size);
        for (int i = 1; i <= size; i++) shares.add(SecretShare.of(i, evaluate(poly, BigInteger.valueOf(i))));
        return new SplitGroup(new Commitments(commitments), shares);
    }

    /**
     * Checks {@code f(i)*G == sum_j C_j * i^j}: the share lies on the committed polynomial.
     *
     * @throws InvalidShareException naming the identifier when it does not, or when the identifier
     *     is outside the group (the commitments do not say N, so only 1..255 is checked)
     */
    public static void verify(SecretShare share, Commitments c) throws InvalidShareException {
        Objects.requireNonNull(share, "share required");
        Objects.requireNonNull(c, "commitments required");
        ECPoint expected = evaluateCommitments(c.ecPoints(), share.identifier());
        ECPoint actual = Secp256k1.G.multiply(share.scalar()).normalize();
        if (!actual.equals(expected)) {
            throw new InvalidShareException("share " + share.identifier() + " does not match the group's Feldman "
                    + "commitments (S=" + Hex.encode0x(c.secretPublicKey()) + "): it is corrupted or was made for "
                    + "another release or group; refuse it and tell the artist");
        }
    }

    /**
     * The share point {@code P_id = sum_j C_j * id^j} of identifier {@code id} (1-based within the
     * group): the public point of that identifier's share, {@code f(id)*G}, computed from the
     * commitments alone. Its Ethereum address is what a release records per slot (spec/keys.md
     * section 2.1, spec/release-protocol.md section 6.1) and checks a published share against.
     */
    public static byte[] sharePoint(Commitments c, int identifier) {
        Objects.requireNonNull(c, "commitments required");
        if (identifier < 1 || identifier > GroupSpec.MAX_SIZE) {
            throw new IllegalArgumentException("share identifier must be in [1, 255], got " + identifier);
        }
        return Secp256k1.compressed(evaluateCommitments(c.ecPoints(), identifier));
    }

    /** {@code addr(P_id)}: the Ethereum address (0x + lowercase hex) of {@link #sharePoint}. */
    public static String shareAddress(Commitments c, int identifier) {
        Objects.requireNonNull(c, "commitments required");
        sharePoint(c, identifier); // checks the identifier
        return Secp256k1.address(evaluateCommitments(c.ecPoints(), identifier));
    }

    /** The share addresses of identifiers 1..{@code size} of one group, in slot order. */
    public static List<String> shareAddresses(Commitments c, int size) {
        List<String> out = new ArrayList<>(size);
        for (int id = 1; id <= size; id++) out.add(shareAddress(c, id));
        return List.copyOf(out);
    }

    /** {@code addr(share*G)}: the address a published share must match on chain. */
    public static String addressOf(SecretShare share) {
        Objects.requireNonNull(share, "share required");
        return Secp256k1.address(Secp256k1.mulG(share.scalar()));
    }

    /**
     * Rebuilds {@code s} from at least {@code threshold} shares with distinct identifiers. Every
     * share is verified first, so one bad share is named rather than silently yielding a wrong secret.
     */
    public static ReleaseSecret combine(Collection<SecretShare> shares, Commitments c) throws InvalidShareException {
        Objects.requireNonNull(shares, "shares required");
        Objects.requireNonNull(c, "commitments required");
        TreeMap<Integer, SecretShare> byId = new TreeMap<>();
        for (SecretShare share : shares) {
            SecretShare previous = byId.putIfAbsent(share.identifier(), share);
            if (previous != null && !previous.equals(share)) {
                throw new InvalidShareException("two different shares carry identifier " + share.identifier());
            }
        }
        if (byId.size() < c.threshold()) {
            throw new InvalidShareException("need " + c.threshold() + " shares with distinct identifiers to rebuild "
                    + "the secret, got " + byId.size() + " " + byId.keySet());
        }
        for (SecretShare share : byId.values()) verify(share, c);
        List<SecretShare> used = new ArrayList<>(byId.values()).subList(0, c.threshold());
        BigInteger s = interpolateAtZero(used);
        if (s.signum() == 0 || !Secp256k1.mulG(s).equals(c.ecPoints().get(0))) {
            throw new InvalidShareException("the shares " + byId.keySet() + " do not rebuild the committed secret "
                    + Hex.encode0x(c.secretPublicKey()));
        }
        byte[] b = Secp256k1.toBytes32(s);
        try {
            return ReleaseSecret.fromBytes(b);
        } finally {
            java.util.Arrays.fill(b, (byte) 0);
        }
    }

    /** Lagrange interpolation at x = 0 over the given points (RFC 9591 section 4.2 coefficients). */
    static BigInteger interpolateAtZero(List<SecretShare> points) {
        BigInteger n = Secp256k1.N;
        BigInteger sum = BigInteger.ZERO;
        for (SecretShare pi : points) {
            BigInteger xi = BigInteger.valueOf(pi.identifier());
            BigInteger num = BigInteger.ONE;
            BigInteger den = BigInteger.ONE;
            for (SecretShare pj : points) {
                if (pj == pi) continue;
                BigInteger xj = BigInteger.valueOf(pj.identifier());
                num = num.multiply(xj).mod(n);
                den = den.multiply(xj.subtract(xi)).mod(n);
            }
            BigInteger lambda = num.multiply(den.modInverse(n)).mod(n);
            sum = sum.add(lambda.multiply(pi.scalar())).mod(n);
        }
        return sum;
    }

    private static BigInteger evaluate(List<BigInteger> poly, BigInteger x) {
        BigInteger acc = BigInteger.ZERO;
        for (int j = poly.size() - 1; j >= 0; j--) acc = acc.multiply(x).add(poly.get(j)).mod(Secp256k1.N);
        return acc;
    }

    private static ECPoint evaluateCommitments(List<ECPoint> commitments, int x) {
        // Horner over points: each step multiplies by the identifier (at most 8 bits).
        ECPoint acc = commitments.get(commitments.size() - 1);
        for (int j = commitments.size() - 2; j >= 0; j--) acc = timesSmall(acc, x).add(commitments.get(j));
        return acc.normalize();
    }

    /** x*P for 1 <= x <= 255 by double-and-add: ~15 group operations, far cheaper than a generic multiply. */
    private static ECPoint timesSmall(ECPoint p, int x) {
        ECPoint acc = p;
        for (int bit = Integer.highestOneBit(x) >> 1; bit != 0; bit >>= 1) {
            acc = acc.twice();
            if ((x & bit) != 0) acc = acc.add(p);
        }
        return acc;
    }
}
