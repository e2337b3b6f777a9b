package org.unveil.ipfs;

/** Told about each entry a directory import stored, e.g. to print kubo's {@code added CID path} lines. */
@FunctionalInterface
public interface ImportListener {
    /**
     * @param path the entry's path relative to the imported directory, '/'-separated; "" for the directory itself
     * @param cid the entry's CID
     * @param fileBytes the bytes of the file, or -1 for a directory
     */
    void added(String path, Cid cid, long fileBytes);
}
