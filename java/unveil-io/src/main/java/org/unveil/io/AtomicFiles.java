package org.unveil.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Crash-safe file output, the one helper every Unveil module writes files with (spec/archive-format.md
 * section 8): write to a temporary file in the target's directory (so the rename stays on one file
 * system), fsync it, then publish it under the target's name.
 *
 * <ul>
 * <li><b>Replaceable outputs</b> (archives, extracted media, deployment records) are renamed over
 *     the target atomically ({@link #commit}).
 * <li><b>Secret outputs</b> (the secret file, release keys, keystores) are never replaced: they are
 *     published with a hard link, which fails if the name exists, so not even a race can overwrite
 *     an earlier secret ({@link #commitNew}, {@link #writeNew}). They are created mode 0600.
 * <li>A {@link Batch} publishes several outputs all or nothing.
 * <li>An {@link AtomicOutput} ({@link #open}) is written through a channel, read back while in
 *     flight and synced in the background as it grows: a download of any size.
 * </ul>
 *
 * <p>Temporary files are named {@code .NAME.PID-RANDOM.unveil-tmp}, with the writing process's id.
 * Every one is registered while in flight; a JVM shutdown hook (SIGINT, SIGTERM, {@code
 * System.exit}) deletes those still registered, and once it has run no output is published any
 * more. A crash (SIGKILL, power loss) can still leave one behind, so creating a temp file for
 * NAME first sweeps the directory: {@code .NAME.PID-*.unveil-tmp} is deleted when process PID is
 * gone, or when the process now holding that PID started more than a minute after the file was
 * last written (the PID was reused). A temp file of a live Unveil run is never touched, and files
 * that do not follow this naming are left alone, except {@code .NAME.DIGITS.unveil-tmp} (the
 * naming of earlier versions, which had no PID) untouched for an hour.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * A new, empty temporary file next to {@code target}, registered as in flight: readable only by
     * its owner when {@code ownerOnly}, else mode 0644. Stale temp files of {@code target} are swept first.
     */
    public static Path createTemp(Path target, boolean ownerOnly) throws IOException {
        return TempFiles.create(target, ownerOnly);
    }

    /**
     * A replaceable output written through a channel: {@link AtomicOutput#commit} renames it over
     * {@code target}, closing without commit deletes it. Refuses a directory or a missing parent.
     */
    public static AtomicOutput open(Path target) throws IOException {
        return AtomicOutput.open(target);
    }

    /** fsyncs {@code temp}, renames it over {@code target} atomically, then fsyncs the directory. */
    public static void commit(Path temp, Path target) throws IOException {
        fsync(temp);
        synchronized (TempFiles.LOCK) {
            TempFiles.requireRunning();
            rename(temp, target);
            TempFiles.published(temp);
        }
        TempFiles.syncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * fsyncs {@code temp} and publishes it as {@code target}, which must not exist: a hard link, so
     * an existing file is never replaced, even by a race; then removes the temp name.
     *
     * @throws FileAlreadyExistsException if {@code target} exists (the temp file is deleted)
     */
    public static void commitNew(Path temp, Path target) throws IOException {
        fsync(temp);
        try {
            synchronized (TempFiles.LOCK) {
                TempFiles.requireRunning();
                link(temp, target);
            }
        } finally {
            discard(temp);
        }
        TempFiles.syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Writes {@code content} to {@code target} atomically, replacing it. */
    public static void write(Path target, byte[] content, boolean ownerOnly) throws IOException {
        writeFile(target, content, ownerOnly, true);
    }

    /**
     * Writes a secret file (the secret s, a release key, a keystore): mode 0600, fsynced, published
     * only if {@code target} does not exist. Every secret file Unveil writes goes through here.
     *
     * @throws FileAlreadyExistsException if {@code target} exists; it is left as it was
     */
    public static void writeNew(Path target, byte[] content) throws IOException {
        requireAbsent(target);
        writeFile(target, content, true, false);
    }

    private static void writeFile(Path target, byte[] content, boolean ownerOnly, boolean replace) throws IOException {
        Path temp = createTemp(target, ownerOnly);
        try {
            writeAll(temp, content);
            if (replace) {
                commit(temp, target);
            } else {
                commitNew(temp, target);
            }
        } finally {
            discard(temp);
        }
    }

    /** Throws {@link FileAlreadyExistsException} if anything (a dangling link too) is named {@code target}. */
    public static void requireAbsent(Path target) throws FileAlreadyExistsException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "already exists; refusing to replace it");
        }
    }

    /** Deletes a temp file that will not be committed (if it still exists) and forgets it. */
    public static void discard(Path temp) throws IOException {
        TempFiles.discard(temp);
    }

    /**
     * Outputs published all or nothing: {@link #commit()} links every new (secret) output into place,
     * refusing if any of their names exists, then renames the replaceable ones; if any step fails,
     * what it already published is removed again. Closing without commit deletes every temp file.
     */
    public static final class Batch implements AutoCloseable {
        private record Entry(Path temp, Path target, boolean replace) {}

        private final List<Entry> entries = new ArrayList<>();

        /** A temp file for {@code target}, which the commit renames over it (the target may exist). */
        public Path stageReplacing(Path target, boolean ownerOnly) throws IOException {
            Path temp = createTemp(target, ownerOnly);
            entries.add(new Entry(temp, target, true));
            return temp;
        }

        /** A temp file (mode 0600 when {@code ownerOnly}) for {@code target}, which must not exist now or at commit. */
        public Path stageNew(Path target, boolean ownerOnly) throws IOException {
            requireAbsent(target);
            Path temp = createTemp(target, ownerOnly);
            entries.add(new Entry(temp, target, false));
            return temp;
        }

        /** A secret file: {@code content} in a mode-0600 temp file, published only if {@code target} does not exist. */
        public void stageNew(Path target, byte[] content) throws IOException {
            writeAll(stageNew(target, true), content);
        }

        /** Publishes every staged file, new ones first; on failure removes those this call published. */
        public List<Path> commit() throws IOException {
            for (Entry e : entries) fsync(e.temp());
            List<Path> published = new ArrayList<>();
            synchronized (TempFiles.LOCK) {
                TempFiles.requireRunning();
                try {
                    for (Entry e : entries) {
                        if (!e.replace()) requireAbsent(e.target());
                    }
                    for (Entry e : entries) {
                        if (e.replace()) continue;
                        link(e.temp(), e.target());
                        published.add(e.target());
                    }
                    for (Entry e : entries) {
                        if (!e.replace()) continue;
                        rename(e.temp(), e.target());
                        published.add(e.target());
                    }
                } catch (IOException | RuntimeException | Error failed) {
                    // Only names this call created (or an output it just renamed over an earlier one, now gone anyway).
                    for (Path p : published.reversed()) {
                        try {
                            Files.deleteIfExists(p);
                        } catch (IOException suppressed) {
                            failed.addSuppressed(suppressed);
                        }
                    }
                    throw failed;
                }
                for (Entry e : entries) {
                    if (!e.replace()) Files.deleteIfExists(e.temp());
                    TempFiles.published(e.temp());
                }
            }
            Set<Path> dirs = new LinkedHashSet<>();
            for (Entry e : entries) dirs.add(e.target().toAbsolutePath().getParent());
            dirs.forEach(TempFiles::syncDirectory);
            entries.clear();
            return published;
        }

        @Override
        public void close() throws IOException {
            IOException first = null;
            for (Entry e : entries) {
                try {
                    discard(e.temp());
                } catch (IOException ex) {
                    if (first == null) first = ex;
                }
            }
            entries.clear();
            if (first != null) throw first;
        }
    }

    private static void link(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(target.toString(), null, "already exists; refusing to replace it");
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(target.toString(), null, "already exists; refusing to replace it");
            // No hard links on this file system: a rename that refuses an existing name (checked just before, not atomically).
            Files.move(temp, target);
        }
    }

    private static void rename(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + temp + " to " + target + " atomically; write to a local directory", e);
        }
    }

    private static void writeAll(Path temp, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) ch.write(buf);
        }
    }

    private static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
