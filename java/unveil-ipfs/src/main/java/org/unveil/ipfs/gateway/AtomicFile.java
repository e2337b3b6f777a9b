package org.unveil.ipfs.gateway;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file that appears under its final name only when complete: bytes go to a hidden temp file in
 * the same directory, which {@link #commit} fsyncs and renames atomically. Closing without commit
 * deletes the temp file, so a failed download leaves nothing that looks finished.
 *
 * <p>Temp files follow the rules of unveil-archive's {@code AtomicFiles} (this module does not
 * depend on the archive, so they are mirrored here): named {@code .NAME.PID-RANDOM.unveil-tmp},
 * registered while in flight and deleted by a JVM shutdown hook (SIGINT, SIGTERM), after which
 * nothing is committed; creating one first sweeps {@code .NAME.PID-*.unveil-tmp} files whose
 * process is gone, or whose PID now belongs to a process started more than a minute after the
 * file was last written. A live run's temp file and files of any other naming are left alone.
 */
final class AtomicFile implements AutoCloseable {
    static final String TEMP_SUFFIX = ".unveil-tmp";
    private static final long PID = ProcessHandle.current().pid();
    private static final Pattern OURS = Pattern.compile("(\\d{1,19})-\\d+");
    /** Guards {@link #inFlight} and {@link #exiting}; held while a file is renamed into place. */
    private static final Object LOCK = new Object();
    private static final Set<Path> inFlight = new LinkedHashSet<>();
    private static boolean exiting;

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(AtomicFile::deleteInFlight, "unveil-ipfs-temp-cleanup"));
        } catch (IllegalStateException alreadyExiting) {
            exiting = true;
        }
    }

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
        String name = abs.getFileName().toString();
        sweep(dir, name);
        Path temp;
        synchronized (LOCK) {
            requireRunning();
            temp = Files.createTempFile(dir, "." + name + "." + PID + "-", TEMP_SUFFIX);
            inFlight.add(temp);
        }
        try {
            return new AtomicFile(abs, temp, FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            forget(temp);
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
        synchronized (LOCK) {
            requireRunning();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            inFlight.remove(temp);
        }
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
        forget(temp);
    }

    private static void forget(Path temp) throws IOException {
        try {
            Files.deleteIfExists(temp);
        } finally {
            synchronized (LOCK) {
                inFlight.remove(temp);
            }
        }
    }

    private static void requireRunning() throws java.io.InterruptedIOException {
        if (exiting) throw new java.io.InterruptedIOException("unveil is exiting (interrupted); the download was not kept");
    }

    /** The shutdown hook: stop committing, delete every temp file still in flight. */
    private static void deleteInFlight() {
        synchronized (LOCK) {
            exiting = true;
            for (Path temp : inFlight) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException | RuntimeException e) {
                    // best effort on the way out; the next run's sweep removes it
                }
            }
            inFlight.clear();
        }
    }

    /** Deletes abandoned temp files of {@code name} in {@code dir} (rule in the class comment); best effort. */
    static void sweep(Path dir, String name) {
        String prefix = "." + name + ".";
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(TEMP_SUFFIX) && n.length() > prefix.length() + TEMP_SUFFIX.length();
        })) {
            for (Path p : files) {
                String n = p.getFileName().toString();
                Matcher m = OURS.matcher(n.substring(prefix.length(), n.length() - TEMP_SUFFIX.length()));
                if (!m.matches() || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) continue;
                long pid = Long.parseLong(m.group(1));
                if (pid == PID) continue;
                Optional<ProcessHandle> owner = ProcessHandle.of(pid);
                Instant modified = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
                boolean stale = owner.isEmpty() || !owner.get().isAlive()
                        || owner.get().info().startInstant().map(t -> t.isAfter(modified.plus(Duration.ofMinutes(1)))).orElse(false);
                if (stale) Files.deleteIfExists(p);
            }
        } catch (IOException | DirectoryIteratorException | NumberFormatException | SecurityException e) {
            // left for the next run
        }
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
