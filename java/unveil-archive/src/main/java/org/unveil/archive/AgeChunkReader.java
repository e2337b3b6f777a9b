package org.unveil.archive;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.unveil.archive.internal.AgeHeader;
import org.unveil.archive.internal.AgeSizes;

/**
 * Random access into an age v1 file: decrypts STREAM chunk i without reading chunks 0..i-1, for
 * seeking in media. Jagged (used for sequential decryption) exposes only a sequential channel, so
 * this reader implements the payload part of the age spec itself: the file key is unwrapped by
 * jagged's X25519 stanza reader, the header MAC is checked, the payload key is
 * HKDF-SHA256(ikm = file key, salt = 16-byte nonce, info = "payload"), and chunk i (64 KiB of
 * plaintext + 16-byte tag) is opened with ChaCha20-Poly1305 under nonce = 11-byte big-endian i ||
 * last-flag. The last chunk must carry the flag and every other chunk must not, so truncation
 * and reordering are detected.
 */
public final class AgeChunkReader implements AutoCloseable {
    private static final int CHUNK_CT = AgeSizes.CHUNK + 16;

    private final SeekableByteChannel channel;
    private final long start;
    private final long payloadStart;
    private final long payloadLength;
    private final long chunks;
    private final SecretKeySpec payloadKey;

    private AgeChunkReader(SeekableByteChannel channel, long start, long payloadStart, long payloadLength, byte[] key) throws IntegrityException {
        this.channel = channel;
        this.start = start;
        this.payloadStart = payloadStart;
        this.payloadLength = payloadLength;
        this.chunks = Math.max(1, (payloadLength + CHUNK_CT - 1) / CHUNK_CT);
        long last = payloadLength - (chunks - 1) * CHUNK_CT;
        if (last < 16 || (chunks > 1 && last == 16)) {
            throw new IntegrityException("age payload of " + payloadLength + " bytes does not end in a valid final chunk; the file is truncated");
        }
        this.payloadKey = new SecretKeySpec(key, "ChaCha20");
        Arrays.fill(key, (byte) 0);
    }

    /**
     * Opens the age file occupying {@code length} bytes at {@code offset} of {@code channel} (a
     * fragment inside an archive, or a whole .age file). The channel is not closed by this reader.
     */
    public static AgeChunkReader open(SeekableByteChannel channel, long offset, long length, AgeIdentity identity) throws IOException {
        AgeHeader header = AgeHeader.read(channel, offset, length);
        byte[] fileKey;
        try {
            List<RecipientStanza> stanzas = header.stanzas();
            FileKey key = X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(identity.encoded()).getFileKey(stanzas);
            fileKey = key.getEncoded();
            key.destroy();
        } catch (GeneralSecurityException e) {
            throw new IntegrityException("age header does not open with this identity: " + e.getMessage(), e);
        }
        try {
            byte[] macKey = hkdf(fileKey, new byte[0], "header", 32);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
            Arrays.fill(macKey, (byte) 0);
            byte[] expected = mac.doFinal(header.macInput());
            if (!java.security.MessageDigest.isEqual(expected, header.mac())) throw new IntegrityException("age header MAC does not verify; the header was tampered with");
            long nonceAt = offset + header.length();
            ByteBuffer nonce = ByteBuffer.allocate(16);
            readFully(channel, nonce, nonceAt);
            byte[] payloadKey = hkdf(fileKey, nonce.array(), "payload", 32);
            return new AgeChunkReader(channel, offset, nonceAt + 16, length - header.length() - 16, payloadKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks HmacSHA256 or ChaCha20-Poly1305", e);
        } finally {
            Arrays.fill(fileKey, (byte) 0);
        }
    }

    public long chunkCount() {
        return chunks;
    }

    /** Plaintext size: all chunks minus their tags. */
    public long plaintextSize() {
        return payloadLength - 16 * chunks;
    }

    /** Decrypts and authenticates chunk {@code index} (0-based). */
    public byte[] readChunk(long index) throws IOException {
        if (index < 0 || index >= chunks) throw new IllegalArgumentException("chunk " + index + " is outside 0.." + (chunks - 1));
        long at = payloadStart + index * CHUNK_CT;
        int len = (int) Math.min(CHUNK_CT, payloadStart + payloadLength - at);
        ByteBuffer ct = ByteBuffer.allocate(len);
        readFully(channel, ct, at);
        byte[] nonce = new byte[12];
        for (int i = 0; i < 8; i++) nonce[10 - i] = (byte) (index >>> (8 * i));
        nonce[11] = (byte) (index == chunks - 1 ? 1 : 0);
        try {
            Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
            c.init(Cipher.DECRYPT_MODE, payloadKey, new IvParameterSpec(nonce));
            return c.doFinal(ct.array());
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IntegrityException("age chunk " + index + " failed to authenticate; the file is corrupted or tampered with", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 unavailable", e);
        }
    }

    /** Plaintext bytes [from, from+len) decrypting only the chunks that hold them. */
    public byte[] read(long from, int len) throws IOException {
        if (from < 0 || len < 0 || from + len > plaintextSize()) throw new IllegalArgumentException("range " + from + "+" + len + " is outside the plaintext of " + plaintextSize() + " bytes");
        byte[] out = new byte[len];
        int copied = 0;
        while (copied < len) {
            long pos = from + copied;
            byte[] chunk = readChunk(pos / AgeSizes.CHUNK);
            int inChunk = (int) (pos % AgeSizes.CHUNK);
            int n = Math.min(len - copied, chunk.length - inChunk);
            System.arraycopy(chunk, inChunk, out, copied, n);
            copied += n;
        }
        return out;
    }

    /** Offset of this age file in its channel. */
    public long offset() {
        return start;
    }

    @Override
    public void close() {
        try {
            payloadKey.destroy();
        } catch (javax.security.auth.DestroyFailedException e) {
            // SecretKeySpec cannot be destroyed on all JDKs; the key bytes were copied from a zeroed array
        }
    }

    private static byte[] hkdf(byte[] ikm, byte[] salt, String info, int len) {
        HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
        g.init(new HKDFParameters(ikm, salt, info.getBytes(StandardCharsets.US_ASCII)));
        byte[] out = new byte[len];
        g.generateBytes(out, 0, len);
        return out;
    }

    private static void readFully(SeekableByteChannel ch, ByteBuffer b, long at) throws IOException {
        ch.position(at);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) throw new IntegrityException("age file is truncated at offset " + ch.position());
        }
    }
}
