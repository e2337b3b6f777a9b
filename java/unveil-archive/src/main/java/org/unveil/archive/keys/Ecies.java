package org.unveil.archive.keys;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.ECPoint;

/**
 * ECIES on secp256k1, byte-compatible with the defaults of the {@code ecies} family (eciesjs
 * 0.4/0.5, eciespy, ecies-rs): ephemeral key uncompressed (65 bytes), key =
 * HKDF-SHA256(ikm = ephemeralPK65 || sharedPoint65, no salt, no info, 32 bytes), AES-256-GCM with a
 * 16-byte nonce, output {@code ephemeralPK || nonce || tag || ciphertext}. spec/keys.md section 3.
 */
public final class Ecies {
    static final int NONCE_BYTES = 16;
    static final int TAG_BYTES = 16;
    static final int OVERHEAD = Secp256k1.UNCOMPRESSED_BYTES + NONCE_BYTES + TAG_BYTES;

    private Ecies() {}

    /** Encrypts to a secp256k1 public key given compressed (33 bytes) or uncompressed (65 bytes). */
    public static byte[] encrypt(byte[] publicKey33or65, byte[] plaintext, SecureRandom rnd) {
        Objects.requireNonNull(plaintext, "plaintext required");
        Objects.requireNonNull(rnd, "SecureRandom required");
        ECPoint receiver = Secp256k1.decodePoint(publicKey33or65, "recipient public key");
        byte[] ephemeral = ScalarKey.randomScalarBytes(rnd);
        byte[] nonce = new byte[NONCE_BYTES];
        rnd.nextBytes(nonce);
        try {
            return encrypt(receiver, plaintext, ephemeral, nonce);
        } finally {
            Arrays.fill(ephemeral, (byte) 0);
        }
    }

    /** Deterministic core, used directly only by the test-vector generator. */
    static byte[] encrypt(ECPoint receiver, byte[] plaintext, byte[] ephemeralSecret, byte[] nonce) {
        BigInteger e = Secp256k1.nonZeroScalar(ephemeralSecret, "ephemeral secret");
        byte[] ephemeralPublic = Secp256k1.uncompressed(Secp256k1.mulG(e));
        byte[] key = deriveKey(ephemeralPublic, receiver.multiply(e).normalize());
        try {
            byte[] body = seal(key, nonce, plaintext);
            byte[] out = new byte[ephemeralPublic.length + body.length];
            System.arraycopy(ephemeralPublic, 0, out, 0, ephemeralPublic.length);
            System.arraycopy(body, 0, out, ephemeralPublic.length, body.length);
            return out;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Decrypts and authenticates.
     *
     * @throws KeyException if the ciphertext is too short, its ephemeral key is not a valid point,
     *     or authentication fails (wrong key, or tampered or truncated data)
     */
    public static byte[] decrypt(byte[] privateKey32, byte[] ciphertext) throws KeyException {
        Objects.requireNonNull(ciphertext, "ciphertext required");
        BigInteger d = Secp256k1.nonZeroScalar(privateKey32, "private key");
        if (ciphertext.length < OVERHEAD) {
            throw new KeyException("ECIES ciphertext is " + ciphertext.length + " bytes, shorter than the "
                    + OVERHEAD + "-byte minimum (65-byte key, 16-byte nonce, 16-byte tag): it is truncated");
        }
        byte[] ephemeralPublic = Arrays.copyOf(ciphertext, Secp256k1.UNCOMPRESSED_BYTES);
        ECPoint ephemeral;
        try {
            if (ephemeralPublic[0] != 4) throw new IllegalArgumentException("not uncompressed");
            ephemeral = Secp256k1.decodePoint(ephemeralPublic, "ephemeral key");
        } catch (IllegalArgumentException e) {
            throw new KeyException("ECIES ciphertext does not start with a valid uncompressed secp256k1 point:"
                    + " it is corrupted or not in the ecies format");
        }
        byte[] key = deriveKey(ephemeralPublic, ephemeral.multiply(d).normalize());
        try {
            return open(key, Arrays.copyOfRange(ciphertext, Secp256k1.UNCOMPRESSED_BYTES, ciphertext.length));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** AES-256-GCM, output nonce || tag || ciphertext (the ecies order; Bouncy Castle appends the tag). */
    static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext) {
        if (nonce.length != NONCE_BYTES) throw new IllegalArgumentException("nonce must be 16 bytes");
        try {
            GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
            gcm.init(true, new AEADParameters(new KeyParameter(key), TAG_BYTES * 8, nonce));
            byte[] sealed = new byte[gcm.getOutputSize(plaintext.length)];
            int len = gcm.processBytes(plaintext, 0, plaintext.length, sealed, 0);
            gcm.doFinal(sealed, len);
            byte[] out = new byte[NONCE_BYTES + TAG_BYTES + plaintext.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, plaintext.length, out, NONCE_BYTES, TAG_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES + TAG_BYTES, plaintext.length);
            return out;
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** Inverse of {@link #seal}: input nonce || tag || ciphertext. */
    static byte[] open(byte[] key, byte[] body) throws KeyException {
        if (body.length < NONCE_BYTES + TAG_BYTES) throw new KeyException("AES-GCM body is truncated");
        byte[] nonce = Arrays.copyOf(body, NONCE_BYTES);
        int textLength = body.length - NONCE_BYTES - TAG_BYTES;
        byte[] sealed = new byte[textLength + TAG_BYTES];
        System.arraycopy(body, NONCE_BYTES + TAG_BYTES, sealed, 0, textLength);
        System.arraycopy(body, NONCE_BYTES, sealed, textLength, TAG_BYTES);
        try {
            GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
            gcm.init(false, new AEADParameters(new KeyParameter(key), TAG_BYTES * 8, nonce));
            byte[] plain = new byte[gcm.getOutputSize(sealed.length)];
            int len = gcm.processBytes(sealed, 0, sealed.length, plain, 0);
            gcm.doFinal(plain, len);
            return plain;
        } catch (InvalidCipherTextException e) {
            throw new KeyException("ECIES ciphertext failed authentication: wrong private key, or the data is "
                    + "corrupted or was tampered with");
        }
    }

    /** HKDF-SHA256 over ephemeralPK65 || sharedPoint65 with no salt and no info, as eciesjs's decapsulate. */
    static byte[] deriveKey(byte[] ephemeralPublic65, ECPoint shared) {
        if (shared.isInfinity()) throw new IllegalArgumentException("shared point is the point at infinity");
        byte[] ikm = new byte[2 * Secp256k1.UNCOMPRESSED_BYTES];
        System.arraycopy(ephemeralPublic65, 0, ikm, 0, Secp256k1.UNCOMPRESSED_BYTES);
        System.arraycopy(Secp256k1.uncompressed(shared), 0, ikm, Secp256k1.UNCOMPRESSED_BYTES, Secp256k1.UNCOMPRESSED_BYTES);
        try {
            return hkdfSha256(ikm, null, null, 32);
        } finally {
            Arrays.fill(ikm, (byte) 0);
        }
    }

    static byte[] hkdfSha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, salt, info));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }
}
