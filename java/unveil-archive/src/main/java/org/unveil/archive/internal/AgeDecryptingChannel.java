package org.unveil.archive.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.unveil.archive.AgeIdentity;
import org.unveil.archive.ArchiveFormatException;
import org.unveil.archive.IntegrityException;

/**
 * Sequential age v1 decryption of a stream, a block of 16 STREAM chunks at a time, opened in
 * place (jagged decrypts through a small channel with a copy per chunk; this is several times
 * faster). The header and its X25519 stanza are read by {@link AgeHeader}. A chunk is the final
 * one exactly when the stream ends after it (one byte of look-ahead), and it must carry the final
 * flag, so truncation at a chunk boundary and appended chunks both fail. Every chunk that
 * authenticates before a failure is released, as the CCTV age testkit expects.
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
    private IntegrityException failure; // thrown once the chunks that opened before it are read
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
     * @throws ArchiveFormatException if the header is malformed or ends before the payload nonce
     * @throws IntegrityException if the header MAC fails
     */
    public static AgeDecryptingChannel open(InputStream stored, AgeIdentity identity) throws IOException, GeneralSecurityException {
        byte[] prefix = stored.readNBytes(AgeHeader.MAX_HEADER);
        AgeHeader header = AgeHeader.parse(prefix);
        byte[] fk = header.fileKey(identity);
        byte[] macKey = AgeKeys.hkdf(fk, new byte[0], "header", 32);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
            if (!MessageDigest.isEqual(mac.doFinal(header.macInput()), header.mac())) {
                throw new IntegrityException("age header MAC does not verify; the header was tampered with");
            }
            int nonceAt = header.length();
            // The testkit counts a missing nonce as a header failure: it is part of the header's framing.
            if (prefix.length - nonceAt < AgeSizes.NONCE) throw new ArchiveFormatException("age file ends inside its payload nonce; it is truncated");
            byte[] nonce = Arrays.copyOfRange(prefix, nonceAt, nonceAt + AgeSizes.NONCE);
            InputStream rest = new SequenceInputStream(new ByteArrayInputStream(prefix, nonceAt + AgeSizes.NONCE, prefix.length - nonceAt - AgeSizes.NONCE), stored);
            return new AgeDecryptingChannel(rest, AgeKeys.hkdf(fk, nonce, "payload", 32));
        } finally {
            Arrays.fill(fk, (byte) 0);
            Arrays.fill(macKey, (byte) 0);
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!open) throw new java.nio.channels.ClosedChannelException();
        if (plainPos == plainLen) {
            if (failure != null) throw failure;
            if (ended) return -1;
            decryptBlock();
            if (plainPos == plainLen) {
                if (failure != null) throw failure;
                if (ended) return -1;
            }
        }
        int n = Math.min(dst.remaining(), plainLen - plainPos);
        dst.put(plain, plainPos, n);
        plainPos += n;
        return n;
    }

    /**
     * Decrypts the next block. A chunk that fails stops the block: the chunks before it are still
     * released (they authenticated), and the failure is thrown once they are read.
     */
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
        plainPos = 0;
        plainLen = 0;
        if (ended && n == 0) {
            failure = new IntegrityException("age payload has no chunk; the file is truncated");
            return;
        }
        for (int i = 0; i < chunks && failure == null; i++) {
            int off = i * AgeKeys.CHUNK_CT;
            int len = Math.min(AgeKeys.CHUNK_CT, n - off);
            boolean last = ended && i == chunks - 1;
            if (last && len < AgeKeys.TAG) {
                failure = new IntegrityException("age payload ends inside a chunk tag; the file is truncated");
            } else if (last && len == AgeKeys.TAG && nextChunk > 0) {
                failure = new IntegrityException("age payload ends in an empty chunk after full ones; the file is malformed");
            } else {
                openChunk(off, len, last);
            }
        }
    }

    /**
     * Opens one chunk under the final flag its position implies. A full chunk that fails is tried
     * under the other flag too, as age does: if it opens, the chunk is authentic and released, and
     * the stream was cut after it (no final chunk) or continues past its final chunk.
     */
    private void openChunk(int off, int len, boolean last) {
        try {
            int got = AgeKeys.openChunk(cipher, key, nextChunk, last, ct, off, len, plain, plainLen);
            if (got < 0 && len == AgeKeys.CHUNK_CT) {
                got = AgeKeys.openChunk(cipher, key, nextChunk, !last, ct, off, len, plain, plainLen);
                if (got >= 0) {
                    failure = new IntegrityException(last
                            ? "age payload ends after chunk " + nextChunk + " without a final chunk; the file is truncated"
                            : "age payload continues after its final chunk " + nextChunk + "; the file is malformed");
                }
            }
            if (got < 0) {
                failure = new IntegrityException("age chunk " + nextChunk + " failed to authenticate; the file is corrupted, truncated or tampered with");
                return;
            }
            plainLen += got;
            nextChunk++;
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
