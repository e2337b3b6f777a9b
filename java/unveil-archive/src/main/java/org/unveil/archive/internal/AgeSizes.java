package org.unveil.archive.internal;

/**
 * Exact size of an age v1 file with one X25519 recipient, as a function of the plaintext size.
 * The packer relies on it to lay out the tar before encrypting; readers use it to reject
 * manifests whose stored sizes lie.
 */
public final class AgeSizes {
    public static final int CHUNK = 64 * 1024;
    public static final int TAG = 16;
    public static final int NONCE = 16;
    /** "age-encryption.org/v1\n" (22) + "-> X25519 " + 43 + "\n" (54) + 43 + "\n" (44) + "--- " + 43 + "\n" (48). */
    static final int X25519_HEADER = 168;

    private AgeSizes() {}

    /** Number of STREAM chunks: at least one (an empty payload is one empty final chunk). */
    public static long chunks(long plaintextSize) {
        return Math.max(1, (plaintextSize + CHUNK - 1) / CHUNK);
    }

    public static long storedSize(long plaintextSize) {
        if (plaintextSize < 0) throw new IllegalArgumentException("negative size " + plaintextSize);
        return X25519_HEADER + NONCE + plaintextSize + TAG * chunks(plaintextSize);
    }
}
