package org.unveil.archive.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Crash-safe file output: write to a temporary file in the target's directory (so the rename stays
 * on one file system), fsync it, then rename it over the target. A reader never sees a partial
 * file under the final name; a crash leaves only a {@code .unveil-tmp} file behind.
 */
public final class AtomicFiles {
    public static final String TEMP_SUFFIX = ".unveil-tmp";

    private AtomicFiles() {}

    /** A new, empty temporary file next to {@code target}, readable only by its owner when {@code ownerOnly}. */
    public static Path createTemp(Path target, boolean ownerOnly) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String prefix = "." + target.getFileName() + ".";
        if (ownerOnly && dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            return Files.createTempFile(dir, prefix, TEMP_SUFFIX, attr);
        }
        Path temp = Files.createTempFile(dir, prefix, TEMP_SUFFIX);
        // createTempFile makes owner-only files; archives and extracted media are meant to be shared.
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        }
        return temp;
    }

    /** fsyncs {@code temp}, renames it to {@code target} atomically, then fsyncs the directory. */
    public static void commit(Path temp, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + temp + " to " + target + " atomically; write to a local directory", e);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Writes {@code content} to {@code target} atomically. */
    public static void write(Path target, byte[] content, boolean ownerOnly) throws IOException {
        Path temp = createTemp(target, ownerOnly);
        try {
            Files.write(temp, content);
            commit(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot open or sync a directory; the rename itself already happened.
        }
    }
}
