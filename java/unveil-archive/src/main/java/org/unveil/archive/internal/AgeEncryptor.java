package org.unveil.archive.internal;

import com.exceptionfactory.jagged.bech32.Bech32;
import com.exceptionfactory.jagged.bech32.Bech32Address;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.Destroyable;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * age v1 encryption to one X25519 recipient (C2SP age.md), written by hand rather than through
 * jagged for two reasons: jagged draws the file key, ephemeral key and payload nonce from its own
 * static SecureRandom, so packs could not be reproduced from an injected one; and it encrypts
 * through a 64 KiB channel with a copy per chunk, several times slower than encrypting whole
 * blocks of chunks in place. The output is standard age (checked against the {@code age} CLI).
 * <p>
 * Use: {@link #header()} (header plus payload nonce), then {@link #encrypt} on consecutive blocks
 * of whole 64 KiB chunks, the last call with {@code last = true}.
 */
public final class AgeEncryptor implements Destroyable {
    private static final String X25519_INFO = "age-encryption.org/v1/X25519";
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private final byte[] header;
    private final byte[] payloadKey;
    private final SecretKeySpec key;
    private final Cipher cipher = AgeKeys.chacha20Poly1305();
    private long nextChunk;
    private boolean finished;
    private boolean destroyed;

    private AgeEncryptor(byte[] header, byte[] payloadKey) {
        this.header = header;
        this.payloadKey = payloadKey;
        this.key = AgeKeys.key(payloadKey);
    }

    /** A fresh file key, ephemeral key and nonce, all drawn from {@code random}. */
    public static AgeEncryptor create(String recipient, SecureRandom random) {
        byte[] recipientKey = recipientKey(recipient);
        byte[] fileKey = new byte[16];
        byte[] ephemeral = new byte[X25519.SCALAR_SIZE];
        byte[] shared = new byte[X25519.POINT_SIZE];
        byte[] wrapKey = null;
        byte[] macKey = null;
        try {
            random.nextBytes(fileKey);
            random.nextBytes(ephemeral);
            byte[] share = new byte[X25519.POINT_SIZE];
            X25519.scalarMultBase(ephemeral, 0, share, 0);
            X25519.scalarMult(ephemeral, 0, recipientKey, 0, shared, 0);
            if (MessageDigest.isEqual(shared, new byte[X25519.POINT_SIZE])) {
                throw new IllegalArgumentException("age recipient " + recipient + " is a low-order point; use a real X25519 recipient");
            }
            byte[] salt = new byte[64];
            System.arraycopy(share, 0, salt, 0, 32);
            System.arraycopy(recipientKey, 0, salt, 32, 32);
            wrapKey = AgeKeys.hkdf(shared, salt, X25519_INFO, 32);
            Cipher wrap = AgeKeys.chacha20Poly1305();
            wrap.init(Cipher.ENCRYPT_MODE, AgeKeys.key(wrapKey), new IvParameterSpec(new byte[12]));
            byte[] body = wrap.doFinal(fileKey);

            ByteArrayOutputStream h = new ByteArrayOutputStream(AgeSizes.X25519_HEADER + AgeSizes.NONCE);
            h.writeBytes(("age-encryption.org/v1\n-> X25519 " + B64.encodeToString(share) + "\n" + B64.encodeToString(body) + "\n---")
                    .getBytes(StandardCharsets.US_ASCII));
            macKey = AgeKeys.hkdf(fileKey, new byte[0], "header", 32);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
            byte[] tag = mac.doFinal(h.toByteArray());
            h.writeBytes((" " + B64.encodeToString(tag) + "\n").getBytes(StandardCharsets.US_ASCII));
            byte[] nonce = new byte[AgeSizes.NONCE];
            random.nextBytes(nonce);
            h.writeBytes(nonce);
            return new AgeEncryptor(h.toByteArray(), AgeKeys.hkdf(fileKey, nonce, "payload", 32));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot run age's primitives (HmacSHA256, ChaCha20-Poly1305)", e);
        } finally {
            Arrays.fill(fileKey, (byte) 0);
            Arrays.fill(ephemeral, (byte) 0);
            Arrays.fill(shared, (byte) 0);
            if (wrapKey != null) Arrays.fill(wrapKey, (byte) 0);
            if (macKey != null) Arrays.fill(macKey, (byte) 0);
        }
    }

    private static byte[] recipientKey(String recipient) {
        Bech32Address a;
        try {
            a = Bech32.getDecoder().decode(recipient);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("age recipient " + recipient + " is not valid bech32: " + e.getMessage(), e);
        }
        if (!"age".contentEquals(a.getHumanReadablePart()) || a.getData().length != X25519.POINT_SIZE) {
            throw new IllegalArgumentException("age recipient " + recipient + " is not an X25519 recipient (age1... with 32 bytes)");
        }
        return a.getData();
    }

    /** The age header and the 16-byte payload nonce: the first bytes of the file. */
    public byte[] header() {
        return header.clone();
    }

    /** Ciphertext length of {@code plainLength} bytes of whole chunks (the last one may be short). */
    public static int ciphertextLength(int plainLength) {
        return plainLength + AgeKeys.TAG * (int) AgeSizes.chunks(plainLength);
    }

    /**
     * Encrypts {@code len} plaintext bytes into {@code out} at 0 and returns the ciphertext length.
     * Unless {@code last}, {@code len} must be a positive multiple of the 64 KiB chunk size; the
     * last call may pass any length, including 0 for an empty file.
     */
    public int encrypt(byte[] in, int off, int len, byte[] out, boolean last) {
        if (finished) throw new IllegalStateException("age payload already finished");
        if (!last && (len == 0 || len % AgeKeys.CHUNK != 0)) throw new IllegalArgumentException("a non-final block must be whole chunks, got " + len + " bytes");
        // age forbids an empty final chunk after full ones; callers end on a non-empty block
        if (last && len == 0 && nextChunk > 0) throw new IllegalStateException("empty final block after " + nextChunk + " chunks");
        int written = 0;
        int pos = 0;
        try {
            do {
                int n = Math.min(AgeKeys.CHUNK, len - pos);
                boolean finalChunk = last && pos + n == len;
                cipher.init(Cipher.ENCRYPT_MODE, key, AgeKeys.chunkNonce(nextChunk++, finalChunk));
                written += cipher.doFinal(in, off + pos, n, out, written);
                pos += n;
            } while (pos < len);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 failed on a valid key and nonce", e);
        }
        finished = last;
        return written;
    }

    @Override
    public void destroy() {
        Arrays.fill(payloadKey, (byte) 0);
        destroyed = true;
        finished = true;
        try {
            key.destroy();
        } catch (javax.security.auth.DestroyFailedException e) {
            // SecretKeySpec cannot be destroyed on every JDK; its copy dies with this object
        }
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }
}
