package org.unveil.archive.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * A share encrypted to its keyholder's release public key, with its {@link ShareContext} inside
 * the plaintext (spec/keys.md section 5). Layout of the 131-byte plaintext:
 * <pre>
 *   16  magic "unveil share v1\n"
 *    8  chain id, uint64 big-endian
 *   20  factory address
 *   20  release address
 *   33  S, compressed
 *    1  group index
 *    1  share identifier
 *   32  share value, big-endian
 * </pre>
 * Opening checks the layout and every context field, but not the Feldman commitments: the caller
 * runs {@link FeldmanVss#verify} with the group's commitments from the manifest.
 */
public final class ShareEnvelope {
    static final byte[] MAGIC = "unveil share v1\n".getBytes(StandardCharsets.US_ASCII);
    static final int PLAINTEXT_BYTES = 16 + 8 + 20 + 20 + 33 + 1 + 1 + 32;
    /** The size of every sealed envelope: ECIES overhead plus the plaintext. */
    public static final int SEALED_BYTES = Ecies.OVERHEAD + PLAINTEXT_BYTES;

    private ShareEnvelope() {}

    /** Encrypts {@code share} for the keyholder whose release public key is given (33 or 65 bytes). */
    public static byte[] seal(SecretShare share, ShareContext ctx, byte[] keyholderPublicKey, SecureRandom rnd) {
        Objects.requireNonNull(share, "share required");
        Objects.requireNonNull(ctx, "share context required");
        if (share.identifier() != ctx.identifier()) {
            throw new IllegalArgumentException("share identifier " + share.identifier()
                    + " differs from the context identifier " + ctx.identifier());
        }
        byte[] plain = encode(share, ctx);
        try {
            return Ecies.encrypt(keyholderPublicKey, plain, rnd);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Decrypts with the keyholder's release key and checks that the share was made for
     * {@code expected}; a mismatch names the field (e.g. "release") with both values.
     */
    public static SecretShare open(byte[] ciphertext, ReleaseKey key, ShareContext expected) throws KeyException {
        Objects.requireNonNull(key, "release key required");
        Objects.requireNonNull(expected, "expected share context required");
        byte[] k = key.bytes();
        byte[] plain;
        try {
            plain = Ecies.decrypt(k, ciphertext);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
        try {
            return decode(plain, expected);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    static byte[] encode(SecretShare share, ShareContext ctx) {
        ByteBuffer b = ByteBuffer.allocate(PLAINTEXT_BYTES);
        b.put(MAGIC).putLong(ctx.chainId());
        b.put(Hex.decode(ctx.factory(), 20, "factory")).put(Hex.decode(ctx.release(), 20, "release"));
        b.put(ctx.secretPublicKey()).put((byte) ctx.group()).put((byte) ctx.identifier());
        byte[] value = share.value();
        b.put(value);
        Arrays.fill(value, (byte) 0);
        return b.array();
    }

    static SecretShare decode(byte[] plain, ShareContext expected) throws KeyException {
        if (plain.length != PLAINTEXT_BYTES) {
            throw new KeyException("share plaintext is " + plain.length + " bytes, expected " + PLAINTEXT_BYTES
                    + ": not an unveil share v1 envelope");
        }
        ByteBuffer b = ByteBuffer.wrap(plain);
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC)) throw new KeyException("share plaintext does not start with \"unveil share v1\"");
        long chainId = b.getLong();
        byte[] factory = new byte[20];
        byte[] release = new byte[20];
        byte[] secretPublicKey = new byte[33];
        b.get(factory).get(release).get(secretPublicKey);
        int group = b.get() & 0xff;
        int identifier = b.get() & 0xff;
        byte[] value = new byte[32];
        b.get(value);
        try {
            mismatch("chainId", chainId == expected.chainId(), Long.toString(chainId), Long.toString(expected.chainId()));
            mismatch("factory", Arrays.equals(factory, Hex.decode(expected.factory(), 20, "factory")),
                    Hex.encode0x(factory), expected.factory());
            mismatch("release", Arrays.equals(release, Hex.decode(expected.release(), 20, "release")),
                    Hex.encode0x(release), expected.release());
            mismatch("secretPublicKey", MessageDigest.isEqual(secretPublicKey, expected.secretPublicKey()),
                    Hex.encode0x(secretPublicKey), Hex.encode0x(expected.secretPublicKey()));
            mismatch("group", group == expected.group(), Integer.toString(group), Integer.toString(expected.group()));
            mismatch("identifier", identifier == expected.identifier(), Integer.toString(identifier),
                    Integer.toString(expected.identifier()));
            try {
                return new SecretShare(identifier, value);
            } catch (IllegalArgumentException e) {
                throw new KeyException("share plaintext holds an invalid share: " + e.getMessage());
            }
        } finally {
            Arrays.fill(value, (byte) 0);
        }
    }

    private static void mismatch(String field, boolean equal, String actual, String expected) throws KeyException {
        if (!equal) {
            throw new KeyException("share envelope was made for another context: " + field + " is " + actual
                    + ", expected " + expected + "; refuse it and tell the artist");
        }
    }
}
