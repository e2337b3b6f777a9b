package org.unveil.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.unveil.archive.internal.AgeHeader;
import org.unveil.archive.internal.AgeKeys;
import org.unveil.archive.internal.AgeSizes;

/**
 * Random access into an age v1 file: decrypts STREAM chunk i without reading chunks 0..i-1, for
 * seeking in media: the header is parsed and its X25519 stanza unwrapped by {@link AgeHeader}, the
 * header MAC is checked, the payload key is HKDF-SHA256(ikm = file key, salt = 16-byte nonce, info
 * = "payload"), and chunk i (64 KiB of plaintext + 16-byte tag) is opened with ChaCha20-Poly1305
 * under nonce = 11-byte big-endian i || last-flag. The last chunk must carry the flag and every
 * other chunk must not, so truncation and reordering are detected. Opening checks the header
 * only; a malformed chunk (a last chunk too short for its tag, or empty after full ones) fails
 * when it is read, so the chunks before it stay readable.
 */
public final class AgeChunkReader implements AutoCloseable {
    private static final int CHUNK_CT = AgeSizes.CHUNK + AgeSizes.TAG;

    private final SeekableByteChannel channel;
    private final long start;
    private final long payloadStart;
    private final long payloadLength;
    private final long chunks;
    private final SecretKeySpec payloadKey;

    private AgeChunkReader(SeekableByteChannel channel, long start, long payloadStart, long payloadLength, byte[] key) {
        this.channel = channel;
        this.start = start;
        this.payloadStart = payloadStart;
        this.payloadLength = payloadLength;
        this.chunks = Math.max(1, (payloadLength + CHUNK_CT - 1) / CHUNK_CT);
        this.payloadKey = AgeKeys.key(key);
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
            fileKey = header.fileKey(identity);
        } catch (GeneralSecurityException e) {
            throw new IntegrityException("age header does not open with this identity: " + e.getMessage(), e);
        }
        try {
            byte[] macKey = AgeKeys.hkdf(fileKey, new byte[0], "header", 32);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
            Arrays.fill(macKey, (byte) 0);
            byte[] expected = mac.doFinal(header.macInput());
            if (!java.security.MessageDigest.isEqual(expected, header.mac())) throw new IntegrityException("age header MAC does not verify; the header was tampered with");
            long nonceAt = offset + header.length();
            // The testkit counts a missing nonce as a header failure: it is part of the header's framing.
            if (length - header.length() < AgeSizes.NONCE) throw new ArchiveFormatException("age file ends inside its payload nonce; it is truncated");
            ByteBuffer nonce = ByteBuffer.allocate(AgeSizes.NONCE);
            readFully(channel, nonce, nonceAt);
            byte[] payloadKey = AgeKeys.hkdf(fileKey, nonce.array(), "payload", 32);
            return new AgeChunkReader(channel, offset, nonceAt + AgeSizes.NONCE, length - header.length() - AgeSizes.NONCE, payloadKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks HmacSHA256 or ChaCha20-Poly1305", e);
        } finally {
            Arrays.fill(fileKey, (byte) 0);
        }
    }

    public long chunkCount() {
        return chunks;
    }

    /** Plaintext size: all chunks minus their tags (0 if the payload is too short for one tag). */
    public long plaintextSize() {
        return Math.max(0, payloadLength - AgeSizes.TAG * chunks);
    }

    /** Decrypts and authenticates chunk {@code index} (0-based). */
    public byte[] readChunk(long index) throws IOException {
        if (index < 0 || index >= chunks) throw new IllegalArgumentException("chunk " + index + " is outside 0.." + (chunks - 1));
        long at = payloadStart + index * CHUNK_CT;
        int len = (int) Math.min(CHUNK_CT, payloadStart + payloadLength - at);
        boolean last = index == chunks - 1;
        if (last && payloadLength == 0) throw new IntegrityException("age payload has no chunk; the file is truncated");
        if (last && len < AgeSizes.TAG) throw new IntegrityException("age payload ends inside the tag of chunk " + index + "; the file is truncated");
        if (last && len == AgeSizes.TAG && index > 0) throw new IntegrityException("age payload ends in an empty chunk after full ones; the file is malformed");
        ByteBuffer ct = ByteBuffer.allocate(len);
        readFully(channel, ct, at);
        byte[] plain = new byte[len - AgeSizes.TAG];
        try {
            Cipher c = AgeKeys.chacha20Poly1305();
            if (AgeKeys.openChunk(c, payloadKey, index, last, ct.array(), 0, len, plain, 0) >= 0) return plain;
            // A full chunk that opens under the other flag is authentic but misplaced: say how.
            if (len == CHUNK_CT && AgeKeys.openChunk(c, payloadKey, index, !last, ct.array(), 0, len, plain, 0) >= 0) {
                throw new IntegrityException(last
                        ? "age payload ends after chunk " + index + " without a final chunk; the file is truncated"
                        : "age payload continues after its final chunk " + index + "; the file is malformed");
            }
            throw new IntegrityException("age chunk " + index + " failed to authenticate; the file is corrupted or tampered with");
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

    private static void readFully(SeekableByteChannel ch, ByteBuffer b, long at) throws IOException {
        ch.position(at);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) throw new IntegrityException("age file is truncated at offset " + ch.position());
        }
    }
}
