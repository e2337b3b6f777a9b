package org.unveil.eth.keys;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.unveil.archive.keys.KeyException;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseKeyRequest;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Derives a keyholder's release key from a wallet signature (spec/keys.md section 4): the wallet
 * signs the EIP-712 {@code ReleaseKey} typed data; the signature, normalised to low-s without v, is
 * hashed with HKDF-SHA256 (salt {@value #SALT}, info = typed-data hash || phrase) to 48 bytes and
 * reduced to a scalar in [1, n-1]. The same wallet, request and phrase always give the same key, so
 * a human can re-derive it; the artist never sees it.
 */
public final class ReleaseKeyDerivation {
    static final String SALT = "unveil/release-key/v1";
    static final int OKM_BYTES = 48;
    private static final BigInteger N = Sign.CURVE_PARAMS.getN();
    private static final BigInteger HALF_N = N.shiftRight(1);

    private ReleaseKeyDerivation() {}

    /** Derives with a local wallet key. */
    public static ReleaseKey derive(Credentials wallet, ReleaseKeyRequest req) throws KeyException {
        return derive(TypedDataSigner.local(wallet), req);
    }

    /**
     * Derives with any signer: it signs twice and refuses if the two signatures differ (a wallet that
     * randomises ECDSA nonces cannot give a stable key; use {@link ReleaseKey#random} with a
     * {@link ReleaseKeyStore} backup instead).
     */
    public static ReleaseKey derive(TypedDataSigner signer, ReleaseKeyRequest req) throws KeyException {
        Objects.requireNonNull(signer, "signer required");
        Objects.requireNonNull(req, "request required");
        if (!req.keyholderIs(signer.address())) {
            throw new KeyException("the request names keyholder " + req.keyholder() + " but the wallet is "
                    + signer.address().toLowerCase(java.util.Locale.ROOT) + "; derive with the keyholder's own wallet");
        }
        String json = typedDataJson(req);
        byte[] first = normalise(signer.signTypedData(json), req);
        byte[] second = normalise(signer.signTypedData(json), req);
        try {
            if (!MessageDigest.isEqual(first, second)) {
                throw new KeyException("the wallet " + req.keyholder() + " gave two different signatures for the same "
                        + "release-key request (it randomises its signatures), so it cannot derive a stable release key;"
                        + " use a random release key with a keystore backup instead");
            }
            return fromNormalisedSignature(first, req);
        } finally {
            Arrays.fill(first, (byte) 0);
            Arrays.fill(second, (byte) 0);
        }
    }

    /**
     * Derives from a signature made elsewhere (a wallet by hand): checks that it is the keyholder's
     * signature of this request, then derives. Signing once is enough here; the caller vouches for
     * the wallet's determinism.
     */
    public static ReleaseKey fromSignature(ReleaseKeyRequest req, byte[] signature65) throws KeyException {
        Objects.requireNonNull(req, "request required");
        byte[] normalised = normalise(signature65, req);
        try {
            return fromNormalisedSignature(normalised, req);
        } finally {
            Arrays.fill(normalised, (byte) 0);
        }
    }

    /** The {@code eth_signTypedData_v4} JSON the wallet signs, for wallets and humans. */
    public static String typedDataJson(ReleaseKeyRequest req) {
        return ReleaseKeyTypedData.json(req);
    }

    /** The EIP-712 hash of the request ({@code keccak256(0x1901 || domainSeparator || structHash)}). */
    public static byte[] typedDataHash(ReleaseKeyRequest req) {
        return ReleaseKeyTypedData.hash(req);
    }

    /** Checks r, s, v and the signer, and returns r || low-s (64 bytes). */
    static byte[] normalise(byte[] signature, ReleaseKeyRequest req) throws KeyException {
        if (signature == null || signature.length != 65) {
            throw new KeyException("a wallet signature must be 65 bytes (r || s || v), got "
                    + (signature == null ? "none" : signature.length));
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        int v = signature[64] & 0xff;
        if (r.signum() == 0 || r.compareTo(N) >= 0 || s.signum() == 0 || s.compareTo(N) >= 0) {
            throw new KeyException("wallet signature has r or s out of range: it is not a secp256k1 signature");
        }
        int recId = switch (v) {
            case 0, 27 -> 0;
            case 1, 28 -> 1;
            default -> throw new KeyException("wallet signature has v=" + v + ", expected 0, 1, 27 or 28");
        };
        if (s.compareTo(HALF_N) > 0) {
            // Both (r, s) and (r, n-s) are valid; keep the low one so every wallet yields the same key.
            s = N.subtract(s);
            recId ^= 1;
        }
        BigInteger publicKey = Sign.recoverFromSignature(recId, new ECDSASignature(r, s), typedDataHash(req));
        String signer = publicKey == null ? "nobody" : "0x" + Keys.getAddress(publicKey);
        if (!req.keyholderIs(signer)) {
            throw new KeyException("the signature was made by " + signer + ", not by keyholder " + req.keyholder()
                    + " over this release-key request; check the account, chain id, factory and release");
        }
        byte[] out = new byte[64];
        System.arraycopy(Numeric.toBytesPadded(r, 32), 0, out, 0, 32);
        System.arraycopy(Numeric.toBytesPadded(s, 32), 0, out, 32, 32);
        return out;
    }

    static ReleaseKey fromNormalisedSignature(byte[] rs64, ReleaseKeyRequest req) {
        byte[] hash = typedDataHash(req);
        byte[] phrase = Normalizer.normalize(req.phrase(), Normalizer.Form.NFC).getBytes(StandardCharsets.UTF_8);
        byte[] info = new byte[hash.length + phrase.length];
        System.arraycopy(hash, 0, info, 0, hash.length);
        System.arraycopy(phrase, 0, info, hash.length, phrase.length);
        byte[] okm = hkdfSha256(rs64, SALT.getBytes(StandardCharsets.US_ASCII), info, OKM_BYTES);
        // 48 bytes reduced mod n-1 then +1: uniform in [1, n-1] up to a bias of about 2^-128 (hash_to_field style).
        BigInteger k = new BigInteger(1, okm).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        byte[] k32 = Numeric.toBytesPadded(k, 32);
        try {
            return ReleaseKey.fromBytes(k32);
        } finally {
            Arrays.fill(okm, (byte) 0);
            Arrays.fill(info, (byte) 0);
            Arrays.fill(phrase, (byte) 0);
            Arrays.fill(k32, (byte) 0);
        }
    }

    /** RFC 5869 HKDF-SHA256, as spec/keys.md section 4 names it (Bouncy Castle, as the archive's ECIES). */
    private static byte[] hkdfSha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, salt, info));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }
}
