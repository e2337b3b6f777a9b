package org.unveil.ipfs.gateway;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file that appears under its final name only when complete: bytes go to a hidden temp file in
 * the same directory, which {@link #commit} fsyncs and renames atomically. Closing without commit
 * deletes the temp file, so a failed download leaves nothing that looks finished.
 */
final class AtomicFile implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private boolean committed;
    /** The background fdatasync started by {@link #write}, if one is running. */
    private Thread writeback;
    private long unsynced;

    private AtomicFile(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
    }

    static AtomicFile create(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw new IOException("output " + target + " is a directory; name a file to write");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("output directory " + dir + " does not exist; create it first");
        }
        Path temp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".part");
        return new AtomicFile(abs, temp, FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    /**
     * Appends {@code src} (callers buffer themselves).
     * Every {@link #WRITEBACK_EVERY} bytes it starts an fdatasync in the background: the kernel
     * would otherwise hold a whole download in the page cache until {@link #commit}, whose fsync
     * then wrote it all while the caller waited. The early ones overlap the disk with the network;
     * durability still comes from commit's fsync, so their errors are left to it.
     */
    void write(ByteBuffer src) throws IOException {
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

    static final long WRITEBACK_EVERY = 64L << 20;

    /** Reads back bytes already written, at {@code position}. */
    void readFully(ByteBuffer dst, long position) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, at);
            if (n < 0) throw new IOException(temp + " is shorter than what was written to it");
            at += n;
        }
    }

    void commit() throws IOException {
        awaitWriteback();
        channel.force(true);
        channel.close();
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        committed = true;
        syncDirectory(target.getParent());
    }

    private void awaitWriteback() throws IOException {
        if (writeback == null) return;
        try {
            writeback.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the disk");
        }
    }

    @Override
    public void close() throws IOException {
        if (committed) return;
        awaitWriteback();
        channel.close();
        Files.deleteIfExists(temp);
    }

    /** Makes the rename durable; some file systems refuse to open a directory, which is harmless. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException notSupported) {
            // the data itself is already on disk
        }
    }
}
