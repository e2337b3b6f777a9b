package org.unveil.archive;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.security.auth.Destroyable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.unveil.archive.internal.AgeKeys;
import org.unveil.archive.internal.EthAddresses;
import org.unveil.archive.keys.ReleaseSecret;

/**
 * The keys of one encrypted fragment (archive format v2, spec/archive-format.md section 6): the
 * fragment key {@code k_e}, a secp256k1 scalar derived from the release secret s and the
 * fragment's index e; its key address {@code addr(k_e*G)}, which the manifest lists and the
 * fragment tree commits to; and the age X25519 identity derived from {@code k_e} that the
 * fragment is sealed to.
 * <p>
 * {@code k_e} is a secp256k1 scalar (rather than the age identity itself) so that the release
 * contract can check a revealed key against its leaf with one ecrecover. HKDF is one-way, so
 * revealing any set of {@code k_e} reveals nothing about s or the other fragments' keys. A fan
 * who is given a sampled {@code k_e} (from the chain) builds this with {@link #of}.
 */
public final class FragmentKeys implements Destroyable {
    /** HKDF salt of the fragment key; its info is the index e as 4 bytes big-endian. */
    public static final String FRAGMENT_KEY_SALT = "unveil/archive/v2/fragment-key";
    /** HKDF info of the age identity derived from {@code k_e} (empty salt). */
    public static final String AGE_IDENTITY_INFO = "unveil/archive/v2/age-x25519-identity";
    /** Encrypted fragments an archive may hold: e is a uint32 in the derivation, and the tree's leaves are counted in an int. */
    public static final int MAX_INDEX = Integer.MAX_VALUE - 1;

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final BigInteger N = CURVE.getN();
    private static final BigInteger N_MINUS_1 = N.subtract(BigInteger.ONE);

    private final int index;
    private final byte[] key;
    private final String keyAddress;
    private boolean destroyed;

    private FragmentKeys(int index, byte[] key) {
        this.index = index;
        this.key = key;
        // Straight from the uncompressed point: a compressed round trip would cost a square root per fragment.
        byte[] point = new FixedPointCombMultiplier().multiply(CURVE.getG(), new BigInteger(1, key)).normalize().getEncoded(false);
        this.keyAddress = EthAddresses.ofUncompressed(point);
    }

    /**
     * Derives fragment e's key from s: {@code okm = HKDF-SHA256(s, salt = FRAGMENT_KEY_SALT, info =
     * uint32_be(e), 48)}, {@code k_e = OS2IP(okm) mod (n-1) + 1}. 48 bytes reduced mod n-1 leave a
     * bias below 2^-128, and the +1 keeps k_e out of zero without a retry loop.
     */
    public static FragmentKeys derive(ReleaseSecret secret, int index) {
        requireIndex(index);
        byte[] s = secret.bytes();
        byte[] okm = null;
        try {
            byte[] info = {(byte) (index >>> 24), (byte) (index >>> 16), (byte) (index >>> 8), (byte) index};
            okm = AgeKeys.hkdf(s, FRAGMENT_KEY_SALT.getBytes(StandardCharsets.US_ASCII), info, 48);
            BigInteger k = new BigInteger(1, okm).mod(N_MINUS_1).add(BigInteger.ONE);
            return new FragmentKeys(index, bytes32(k));
        } finally {
            Arrays.fill(s, (byte) 0);
            if (okm != null) Arrays.fill(okm, (byte) 0);
        }
    }

    /**
     * Fragment e's keys from a revealed {@code k_e} (32 bytes big-endian, as the release contract
     * publishes it); {@code k} is copied.
     *
     * @throws IllegalArgumentException if {@code k} is not a scalar in [1, n-1]
     */
    public static FragmentKeys of(int index, byte[] k) {
        requireIndex(index);
        if (k == null || k.length != 32) throw new IllegalArgumentException("a fragment key is 32 bytes big-endian, got " + (k == null ? "none" : k.length));
        BigInteger x = new BigInteger(1, k);
        if (x.signum() == 0 || x.compareTo(N) >= 0) {
            throw new IllegalArgumentException("fragment key for fragment " + index + " is not a secp256k1 scalar in [1, n-1]; check it was copied whole");
        }
        return new FragmentKeys(index, k.clone());
    }

    private static void requireIndex(int index) {
        if (index < 0 || index > MAX_INDEX) throw new IllegalArgumentException("fragment index " + index + " must be in 0.." + MAX_INDEX);
    }

    private static byte[] bytes32(BigInteger x) {
        byte[] raw = x.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        Arrays.fill(raw, (byte) 0);
        return out;
    }

    /** The fragment's index e among the archive's encrypted fragments. */
    public int index() {
        return index;
    }

    /** {@code k_e} as 32 bytes big-endian (a copy; the caller wipes it). */
    public byte[] key() {
        requireLive();
        return key.clone();
    }

    /** {@code addr(k_e*G)}, 0x + 40 lowercase hex: the manifest's {@code keyAddress} for this fragment. Public. */
    public String keyAddress() {
        return keyAddress;
    }

    /**
     * The age identity this fragment is sealed to: {@code HKDF-SHA256(k_e, salt = "", info =
     * AGE_IDENTITY_INFO, 32)}. The caller destroys it.
     */
    public AgeIdentity ageIdentity() {
        requireLive();
        return AgeIdentity.ofPrivateKey(AgeKeys.hkdf(key, new byte[0], AGE_IDENTITY_INFO, 32));
    }

    /** The fragment's age recipient ({@code age1...}). */
    public String recipient() {
        AgeIdentity id = ageIdentity();
        try {
            return id.recipient();
        } finally {
            id.destroy();
        }
    }

    @Override
    public void destroy() {
        Arrays.fill(key, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    private void requireLive() {
        if (destroyed) throw new IllegalStateException("fragment keys were destroyed");
    }

    @Override
    public String toString() {
        return "FragmentKeys[" + index + ", " + keyAddress + "]";
    }
}
