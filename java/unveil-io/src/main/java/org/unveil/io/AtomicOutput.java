package org.unveil.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A replaceable output that appears under its final name only when complete, written through a
 * channel: what a verified download needs (it reads repeated blocks back from what it already
 * wrote). Bytes go to a temp file of {@link AtomicFiles} (same naming, registry, shutdown hook and
 * sweep), which {@link #commit} fsyncs and renames atomically; closing without commit deletes it,
 * so a failed download leaves nothing that looks finished. Not thread-safe: one writer.
 */
public final class AtomicOutput implements AutoCloseable {
    /** Bytes written between two background fdatasyncs. */
    static final long WRITEBACK_EVERY = 64L << 20;

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private boolean committed;
    /** The background fdatasync started by {@link #write}, if one is running. */
    private Thread writeback;
    /** Bytes written since the last background fdatasync started. */
    private long unsynced;

    private AtomicOutput(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
    }

    static AtomicOutput open(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw new IOException("output " + target + " is a directory; name a file to write");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("output directory " + dir + " does not exist; create it first");
        }
        Path temp = TempFiles.create(abs, false);
        try {
            return new AtomicOutput(abs, temp, FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            TempFiles.discard(temp);
            throw e;
        }
    }

    /**
     * Appends {@code src} (callers buffer themselves).
     * Every {@link #WRITEBACK_EVERY} bytes it starts an fdatasync in the background: the kernel
     * would otherwise hold a whole download in the page cache until {@link #commit}, whose fsync
     * then wrote it all while the caller waited. The early ones overlap the disk with the network;
     * durability still comes from commit's fsync, so their errors are left to it.
     */
    public void write(ByteBuffer src) throws IOException {
        unsynced += src.remaining();
        while (src.hasRemaining()) channel.write(src);
        if (unsynced >= WRITEBACK_EVERY && (writeback == null || !writeback.isAlive())) {
            unsynced = 0;
            writeback = Thread.ofVirtual().name("unveil-writeback").start(() -> {
                try {
                    channel.force(false);
                } catch (IOException reportedByCommit) {
                    // commit() syncs again and reports a failing disk
                }
            });
        }
    }

    /** Reads back bytes already written, at {@code position}, until {@code dst} is full. */
    public void readFully(ByteBuffer dst, long position) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, at);
            if (n < 0) throw new IOException(temp + " is shorter than what was written to it");
            at += n;
        }
    }

    /** fsyncs the file and renames it over the target atomically. */
    public void commit() throws IOException {
        awaitWriteback();
        channel.force(true);
        channel.close();
        AtomicFiles.commit(temp, target);
        committed = true;
    }

    private void awaitWriteback() throws IOException {
        if (writeback == null) return;
        try {
            writeback.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the disk");
        }
    }

    /** Deletes the temp file unless committed. */
    @Override
    public void close() throws IOException {
        if (committed) return;
        awaitWriteback();
        channel.close();
        TempFiles.discard(temp);
    }
}
