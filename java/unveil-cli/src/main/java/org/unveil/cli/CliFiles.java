package org.unveil.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks a file argument before a command starts on it. Opening a directory succeeds on Linux and
 * only the first read fails, with "Is a directory" and no path; checked here, the error names the
 * argument ({@link CliErrors#file} words it).
 */
final class CliFiles {
    private CliFiles() {}

    /** {@code file} exists, is not a directory and can be read; returns it. */
    static Path input(Path file) throws FileSystemException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        if (Files.isDirectory(file)) throw new FileSystemException(file.toString(), null, "Is a directory");
        if (!Files.isReadable(file)) throw new AccessDeniedException(file.toString());
        return file;
    }
}
