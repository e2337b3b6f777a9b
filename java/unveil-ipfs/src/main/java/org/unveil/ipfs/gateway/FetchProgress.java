package org.unveil.ipfs.gateway;

/** Told how far a download got: bytes written of the file's total (known after the root block). */
@FunctionalInterface
public interface FetchProgress {
    FetchProgress NONE = (written, total) -> {};

    void progress(long written, long total);
}
