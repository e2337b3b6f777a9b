package org.unveil.archive;

/**
 * Sees every byte of an archive as {@link ArchivePacker#pack} writes it, in order, exactly once,
 * on the background thread that writes to disk: a caller can compute something over the finished
 * file (its IPFS CID) without reading it back. The bytes of manifest.json are placeholders at that
 * point; {@link PackResult#manifestOffset()} and {@link PackResult#manifestLength()} say which
 * bytes to read again from the archive once it is packed. The array is reused after the call returns.
 */
@FunctionalInterface
public interface ArchiveTap {
    void bytes(byte[] b, int off, int len);

    /** Sees nothing. */
    ArchiveTap NONE = (b, off, len) -> { };
}
