package org.unveil.archive.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The age v1 key schedule pieces shared by {@link AgeEncryptor}, {@link AgeDecryptingChannel} and
 * {@code AgeChunkReader} (C2SP age.md).
 */
public final class AgeKeys {
    static final int CHUNK = AgeSizes.CHUNK;
    static final int TAG = AgeSizes.TAG;
    static final int CHUNK_CT = CHUNK + TAG;

    private AgeKeys() {}

    public static byte[] hkdf(byte[] ikm, byte[] salt, String info, int len) {
        return hkdf(ikm, salt, info.getBytes(StandardCharsets.US_ASCII), len);
    }

    /** HKDF-SHA256 with a binary info (the fragment key's is the 4-byte index). */
    public static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info, int len) {
        HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
        g.init(new HKDFParameters(ikm, salt, info));
        byte[] out = new byte[len];
        g.generateBytes(out, 0, len);
        return out;
    }

    /** STREAM nonce: 11-byte big-endian chunk counter, then 1 for the final chunk and 0 otherwise. */
    static IvParameterSpec chunkNonce(long index, boolean last) {
        byte[] nonce = new byte[12];
        for (int i = 0; i < 8; i++) nonce[10 - i] = (byte) (index >>> (8 * i));
        nonce[11] = (byte) (last ? 1 : 0);
        return new IvParameterSpec(nonce);
    }

    /**
     * Opens STREAM chunk {@code index} ({@code len} bytes of {@code in} at {@code off}) into
     * {@code out} at {@code outOff}.
     *
     * @return the plaintext length, or -1 if the chunk does not authenticate under this flag
     */
    public static int openChunk(Cipher c, SecretKeySpec key, long index, boolean last, byte[] in, int off, int len, byte[] out, int outOff)
            throws GeneralSecurityException {
        c.init(Cipher.DECRYPT_MODE, key, chunkNonce(index, last));
        try {
            return c.doFinal(in, off, len, out, outOff);
        } catch (AEADBadTagException e) {
            return -1;
        }
    }

    public static Cipher chacha20Poly1305() {
        try {
            return Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks ChaCha20-Poly1305", e);
        }
    }

    public static SecretKeySpec key(byte[] k) {
        return new SecretKeySpec(k, "ChaCha20");
    }
}
