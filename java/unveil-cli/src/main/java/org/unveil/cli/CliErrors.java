package org.unveil.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * How failures reach the user: one line on stderr saying what went wrong and what to do, never a
 * usage dump or a bare path. Wrong arguments exit 2 (picocli's convention), failed commands exit 1;
 * only bugs keep their stack trace ({@code UNVEIL_DEBUG=1} shows it for the rest too).
 */
final class CliErrors {
    /** Temporary files of the atomic writers next to NAME: {@code .NAME.<pid>-<random>.unveil-tmp} (older: {@code .NAME.<random>.unveil-tmp}). */
    private static final Pattern TEMP = Pattern.compile("(.*/)?\\.(.+)\\.[^.]*\\.unveil-tmp");

    private CliErrors() {}

    /** Bad arguments: the option and the accepted forms in one line, then where the full help is. */
    static final class BadArguments implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            CommandLine cl = ex.getCommandLine();
            PrintWriter err = cl.getErr();
            err.println("unveil: " + argumentMessage(ex));
            // picocli's "Did you mean" list for a misspelt command or option.
            if (ex instanceof CommandLine.UnmatchedArgumentException u) CommandLine.UnmatchedArgumentException.printSuggestions(u, err);
            err.println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for the options.");
            err.flush();
            return cl.getCommandSpec().exitCodeOnInvalidInput();
        }
    }

    /** Failures while a command runs. */
    static final class Failures implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
            PrintWriter err = cl.getErr();
            String message = describe(ex);
            if (message != null) {
                err.println("unveil: " + message);
                if (System.getenv("UNVEIL_DEBUG") != null) ex.printStackTrace(err);
            } else {
                ex.printStackTrace(err);
            }
            err.flush();
            return 1;
        }
    }

    /**
     * A type converter's failure names the value and the accepted forms; picocli's own wrapping
     * ("Invalid value for option '--goal': cannot convert ...") is kept only for its own converters.
     */
    static String argumentMessage(CommandLine.ParameterException ex) {
        String m = ex.getMessage();
        Throwable cause = ex.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null && ex.getArgSpec() instanceof CommandLine.Model.OptionSpec o) {
            return o.longestName() + ": " + cause.getMessage();
        }
        return m;
    }

    /** The sentence for a typed failure, or null for a bug (which keeps its stack trace). */
    static String describe(Throwable ex) {
        if (ex instanceof FileSystemException f) return file(f);
        if (ex instanceof IOException || ex instanceof IllegalArgumentException || ex instanceof java.security.GeneralSecurityException
                || ex instanceof IllegalStateException) {
            String m = ex.getMessage();
            if (m != null && m.toLowerCase(Locale.ROOT).contains("no space left on device")) {
                return "the disk is full (" + m + "): free some space or write to another disk; nothing was left half-written";
            }
            return m != null ? m : ex.getClass().getSimpleName();
        }
        return null;
    }

    /**
     * The JDK's file errors carry only a path and the OS's reason; say which file, what failed and
     * what to do. A temporary file of ours is reported as the file it was going to become.
     */
    static String file(FileSystemException e) {
        String path = shown(e.getFile());
        String reason = e.getReason() == null ? "" : e.getReason().toLowerCase(Locale.ROOT);
        if (e instanceof NoSuchFileException) {
            return path + ": not found; check the path (relative paths start at " + System.getProperty("user.dir") + ")";
        }
        if (e instanceof AccessDeniedException || reason.contains("permission denied") || reason.contains("read-only")) {
            return path + ": permission denied; choose a file or directory you can " + (isTemp(e.getFile()) ? "write" : "access")
                    + (reason.contains("read-only") ? " (the file system is read-only)" : "");
        }
        if (reason.contains("is a directory")) return path + " is a directory; give a file";
        if (e instanceof NotDirectoryException || reason.contains("not a directory")) return path + " is not a directory; give a directory";
        if (e instanceof FileAlreadyExistsException) {
            // Ours carry the sentence (what exists, why it is kept, what to do) as reason or as the whole "file".
            if (e.getReason() != null) return path + ": " + e.getReason();
            return e.getFile() != null && e.getFile().contains(" ") ? e.getFile() : path + " already exists; choose another path or move it away";
        }
        if (e instanceof DirectoryNotEmptyException) return path + " is a directory that is not empty; choose an empty or new one";
        if (reason.contains("no space left")) return "the disk is full while writing " + path + ": free some space or write to another disk";
        if (reason.contains("too many open files")) return "too many open files while opening " + path + ": raise the limit (ulimit -n)";
        String other = e.getOtherFile() == null ? "" : " -> " + shown(e.getOtherFile());
        return path + other + ": " + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason());
    }

    private static boolean isTemp(String file) {
        return file != null && TEMP.matcher(file).matches();
    }

    private static String shown(String file) {
        if (file == null) return "a file";
        Matcher m = TEMP.matcher(file);
        return m.matches() ? (m.group(1) == null ? "" : m.group(1)) + m.group(2) : file;
    }
}
