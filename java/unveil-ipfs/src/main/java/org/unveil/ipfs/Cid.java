package org.unveil.ipfs;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A content identifier (https://github.com/multiformats/cid). Parses CIDv0 ({@code Qm...}) and CIDv1 in base32
 * ({@code b...}) or base58btc ({@code z...}); Unveil only creates CIDv1 and prints them in base32, the form that is
 * safe in subdomains and case-insensitive file systems.
 *
 * <p>Any multihash parses, but only sha2-256 (and identity, whose "digest" is the block itself) can be verified:
 * {@link #verify} rejects every other hash function by name, so an unverifiable block is never trusted.
 */
public final class Cid {
    /** Multicodec of raw bytes (UnixFS leaves). */
    public static final int RAW = 0x55;
    /** Multicodec of dag-pb (UnixFS nodes). */
    public static final int DAG_PB = 0x70;
    /** Multicodec of dag-cbor (CAR headers; not walked by Unveil). */
    public static final int DAG_CBOR = 0x71;
    static final int SHA2_256 = 0x12;
    static final int IDENTITY = 0x00;
    /** Kubo's and boxo's cap on inline (identity) data; longer inline CIDs are a denial-of-service vector. */
    static final int MAX_IDENTITY_LENGTH = 128;
    private static final int MAX_DIGEST_LENGTH = 128;

    private final int version;
    private final int codec;
    private final int hashType;
    private final byte[] digest;

    private Cid(int version, int codec, int hashType, byte[] digest) {
        this.version = version;
        this.codec = codec;
        this.hashType = hashType;
        this.digest = digest;
    }

    /** A CIDv1 from a sha2-256 digest the caller already computed. */
    public static Cid of(int codec, byte[] sha256Digest) {
        if (sha256Digest.length != 32) {
            throw new IllegalArgumentException("sha2-256 digest must be 32 bytes, got " + sha256Digest.length);
        }
        checkCodec(codec);
        return new Cid(1, codec, SHA2_256, sha256Digest.clone());
    }

    /** The CIDv1 of {@code block} under {@code codec}, hashing it with sha2-256. */
    public static Cid sha256(int codec, byte[] block) {
        checkCodec(codec);
        return new Cid(1, codec, SHA2_256, sha256(block));
    }

    /** The CIDv0 of a dag-pb block: only for reproducing legacy (unixfs-v0-2015) layouts in tests. */
    static Cid sha256V0(byte[] block) {
        return new Cid(0, DAG_PB, SHA2_256, sha256(block));
    }

    /**
     * Parses a CID string: CIDv0 ({@code Qm...}, 46 base58btc characters) or a multibase CIDv1 in base32
     * ({@code b}/{@code B}) or base58btc ({@code z}).
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static Cid parse(String text) {
        Objects.requireNonNull(text, "CID text required");
        try {
            if (text.length() == 46 && text.startsWith("Qm")) {
                return fromBytes(Multibase.decodeBase58(text));
            }
            if (text.length() < 2) {
                throw new IllegalArgumentException("too short");
            }
            byte[] bytes = switch (text.charAt(0)) {
                case 'b', 'B' -> Multibase.decodeBase32(text.substring(1));
                case 'z' -> Multibase.decodeBase58(text.substring(1));
                default -> throw new IllegalArgumentException("multibase prefix '" + text.charAt(0)
                        + "' is not supported; use base32 (b...) or base58btc (z... or Qm...)");
            };
            Cid cid = fromBytes(bytes);
            if (cid.version == 0) {
                throw new IllegalArgumentException("a CIDv0 must be written as plain base58btc (Qm...), without a multibase prefix");
            }
            return cid;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid CID '" + abbreviate(text) + "': " + e.getMessage(), e);
        }
    }

    /**
     * Decodes the binary form of a CID, which must be exactly {@code bytes} long.
     *
     * @throws IllegalArgumentException if the bytes are not one well-formed CID
     */
    public static Cid fromBytes(byte[] bytes) {
        ByteCursor cursor = new ByteCursor(bytes);
        try {
            Cid cid = read(cursor);
            if (cursor.hasMore()) {
                throw new IllegalArgumentException(cursor.remaining() + " trailing bytes after the CID");
            }
            return cid;
        } catch (InvalidBlockException e) {
            throw new IllegalArgumentException("malformed binary CID: " + e.getMessage(), e);
        }
    }

    /** Reads one binary CID from {@code cursor} (CIDv0 is recognised by its 0x12 0x20 multihash prefix). */
    static Cid read(ByteCursor cursor) throws InvalidBlockException {
        int first = cursor.readByte();
        if (first == SHA2_256) {
            int len = cursor.readByte();
            if (len != 32) {
                throw new InvalidBlockException("CIDv0 digest length is " + len + ", not 32");
            }
            return new Cid(0, DAG_PB, SHA2_256, cursor.readBytes(32));
        }
        if (first != 1) {
            throw new InvalidBlockException("CID version " + first + " is not supported (only 0 and 1 exist)");
        }
        long codec = cursor.readVarint();
        long hashType = cursor.readVarint();
        long length = cursor.readVarint();
        if (codec > Integer.MAX_VALUE || hashType > Integer.MAX_VALUE) {
            throw new InvalidBlockException("CID codec 0x" + Long.toHexString(codec) + " or hash 0x"
                    + Long.toHexString(hashType) + " is out of range");
        }
        long max = hashType == IDENTITY ? MAX_IDENTITY_LENGTH : MAX_DIGEST_LENGTH;
        if (length > max) {
            throw new InvalidBlockException("CID digest length " + length + " exceeds " + max + " bytes");
        }
        if (hashType == SHA2_256 && length != 32) {
            throw new InvalidBlockException("sha2-256 digest length is " + length + ", not 32");
        }
        return new Cid(1, (int) codec, (int) hashType, cursor.readBytes(length));
    }

    /** 0 or 1. */
    public int version() {
        return version;
    }

    /** The multicodec of the block, e.g. {@link #RAW} or {@link #DAG_PB}. */
    public int codec() {
        return codec;
    }

    /** The multihash digest (for identity CIDs, the inline block itself). */
    public byte[] digest() {
        return digest.clone();
    }

    int hashType() {
        return hashType;
    }

    /** True if the block is inline in the CID (identity multihash) and never stored or sent separately. */
    boolean isIdentity() {
        return hashType == IDENTITY;
    }

    /** The binary form: the multihash alone for CIDv0, else version, codec and multihash varints. */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(digest.length + 8);
        if (version == 1) {
            Varint.write(1, out);
            Varint.write(codec, out);
        }
        writeMultihash(out);
        return out.toByteArray();
    }

    /** The multihash alone: what identifies the bytes, whatever the codec or CID version. */
    byte[] multihash() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(digest.length + 4);
        writeMultihash(out);
        return out.toByteArray();
    }

    private void writeMultihash(ByteArrayOutputStream out) {
        Varint.write(hashType, out);
        Varint.write(digest.length, out);
        out.writeBytes(digest);
    }

    /** This CID as CIDv1 (same codec and multihash). */
    public Cid toV1() {
        return version == 1 ? this : new Cid(1, codec, hashType, digest);
    }

    /**
     * Checks that {@code block} is the content this CID names.
     *
     * @throws InvalidBlockException if it is not, or if the hash function is not one Unveil verifies
     */
    public void verify(byte[] block) throws InvalidBlockException {
        boolean ok = switch (hashType) {
            case SHA2_256 -> MessageDigest.isEqual(digest, sha256(block));
            case IDENTITY -> Arrays.equals(digest, block);
            default -> throw new InvalidBlockException("CID " + this + " uses multihash 0x" + Integer.toHexString(hashType)
                    + "; Unveil only verifies sha2-256 (0x12) and identity blocks");
        };
        if (!ok) {
            throw new InvalidBlockException("block of " + block.length + " bytes does not hash to CID " + this
                    + "; the source sent wrong or corrupted data");
        }
    }

    /** CIDv1 in base32 ({@code bafy...}); a CIDv0 keeps its only legal form, base58btc ({@code Qm...}). */
    @Override
    public String toString() {
        return version == 0 ? Multibase.base58(bytes()) : "b" + Multibase.base32(bytes());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cid c && version == c.version && codec == c.codec && hashType == c.hashType
                && Arrays.equals(digest, c.digest);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * version + codec) + hashType) + Arrays.hashCode(digest);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    private static void checkCodec(int codec) {
        if (codec < 0) {
            throw new IllegalArgumentException("codec " + codec + " is negative");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
