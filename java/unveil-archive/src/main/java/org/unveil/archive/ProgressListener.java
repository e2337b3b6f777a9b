package org.unveil.archive;

/** Receives progress of a long operation in bytes of plaintext processed; called from the working thread. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total) -> {};

    void progress(long done, long total);
}
