package org.unveil.archive.internal;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.unveil.archive.AgeIdentity;
import org.unveil.archive.IntegrityException;

/**
 * Sequential age v1 decryption of a stream, a block of 16 STREAM chunks at a time. Jagged (which
 * still unwraps the X25519 stanza) decrypts through a small channel with a copy per chunk; this
 * class opens whole blocks in place, several times faster. A chunk is the final one exactly when
 * the stream ends after it (one byte of look-ahead), and it must carry the final flag, so
 * truncation at a chunk boundary and appended chunks both fail authentication.
 */
public final class AgeDecryptingChannel implements ReadableByteChannel {
    private static final int BLOCK_CHUNKS = 16;

    private final InputStream in;
    private final SecretKeySpec key;
    private final Cipher cipher = AgeKeys.chacha20Poly1305();
    private final byte[] ct = new byte[BLOCK_CHUNKS * AgeKeys.CHUNK_CT];
    private final byte[] plain = new byte[BLOCK_CHUNKS * AgeKeys.CHUNK];
    private int plainPos;
    private int plainLen;
    private int carry = -1;
    private long nextChunk;
    private boolean ended;
    private boolean open = true;

    private AgeDecryptingChannel(InputStream in, byte[] payloadKey) {
        this.in = in;
        this.key = AgeKeys.key(payloadKey);
        Arrays.fill(payloadKey, (byte) 0);
    }

    /**
     * Reads and checks the header of the age file {@code stored} starts with.
     *
     * @throws GeneralSecurityException if no stanza opens with {@code identity}
     * @throws IOException if the header is malformed, its MAC fails or the stream is truncated
     */
    public static AgeDecryptingChannel open(InputStream stored, AgeIdentity identity) throws IOException, GeneralSecurityException {
        byte[] prefix = stored.readNBytes(AgeHeader.MAX_HEADER);
        AgeHeader header = AgeHeader.parse(prefix);
        FileKey fileKey = X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(identity.encoded()).getFileKey(header.stanzas());
        byte[] fk = fileKey.getEncoded();
        byte[] macKey = AgeKeys.hkdf(fk, new byte[0], "header", 32);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
            if (!MessageDigest.isEqual(mac.doFinal(header.macInput()), header.mac())) {
                throw new IntegrityException("age header MAC does not verify; the header was tampered with");
            }
            int nonceAt = header.length();
            if (prefix.length - nonceAt < AgeSizes.NONCE) throw new IntegrityException("age file ends inside its payload nonce; it is truncated");
            byte[] nonce = Arrays.copyOfRange(prefix, nonceAt, nonceAt + AgeSizes.NONCE);
            InputStream rest = new SequenceInputStream(new ByteArrayInputStream(prefix, nonceAt + AgeSizes.NONCE, prefix.length - nonceAt - AgeSizes.NONCE), stored);
            return new AgeDecryptingChannel(rest, AgeKeys.hkdf(fk, nonce, "payload", 32));
        } finally {
            Arrays.fill(fk, (byte) 0);
            Arrays.fill(macKey, (byte) 0);
            fileKey.destroy();
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!open) throw new java.nio.channels.ClosedChannelException();
        if (plainPos == plainLen) {
            if (ended) return -1;
            decryptBlock();
            if (plainPos == plainLen && ended) return -1;
        }
        int n = Math.min(dst.remaining(), plainLen - plainPos);
        dst.put(plain, plainPos, n);
        plainPos += n;
        return n;
    }

    private void decryptBlock() throws IOException {
        int n = 0;
        if (carry >= 0) {
            ct[n++] = (byte) carry;
            carry = -1;
        }
        n += in.readNBytes(ct, n, ct.length - n);
        if (n == ct.length) {
            int next = in.read();
            if (next < 0) ended = true;
            else carry = next;
        } else {
            ended = true;
        }
        int chunks = (n + AgeKeys.CHUNK_CT - 1) / AgeKeys.CHUNK_CT;
        if (ended) {
            if (n == 0) throw new IntegrityException("age payload has no chunk; the file is truncated");
            int lastLen = n - (chunks - 1) * AgeKeys.CHUNK_CT;
            if (lastLen < AgeKeys.TAG) throw new IntegrityException("age payload ends inside a chunk tag; the file is truncated");
            if (lastLen == AgeKeys.TAG && nextChunk + chunks > 1) throw new IntegrityException("age payload ends in an empty chunk after full ones; the file is malformed");
        }
        plainPos = 0;
        plainLen = 0;
        try {
            for (int i = 0; i < chunks; i++) {
                int off = i * AgeKeys.CHUNK_CT;
                int len = Math.min(AgeKeys.CHUNK_CT, n - off);
                cipher.init(Cipher.DECRYPT_MODE, key, AgeKeys.chunkNonce(nextChunk, ended && i == chunks - 1));
                plainLen += cipher.doFinal(ct, off, len, plain, plainLen);
                nextChunk++;
            }
        } catch (AEADBadTagException e) {
            throw new IntegrityException("age chunk " + nextChunk + " failed to authenticate; the file is corrupted, truncated or tampered with", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 failed on a valid key and nonce", e);
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Forgets the payload key; the underlying stream belongs to the caller. */
    @Override
    public void close() {
        open = false;
        Arrays.fill(plain, (byte) 0);
        try {
            key.destroy();
        } catch (javax.security.auth.DestroyFailedException e) {
            // SecretKeySpec cannot be destroyed on every JDK; its copy dies with this object
        }
    }
}
