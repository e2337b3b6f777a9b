package org.unveil.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The temp files of {@link AtomicFiles}: their naming ({@code .NAME.PID-RANDOM.unveil-tmp}), the
 * registry of those in flight, the shutdown hook that deletes them, and the sweep of those a
 * crashed run left behind. The rules are in {@link AtomicFiles}'s class comment.
 */
final class TempFiles {
    static final String SUFFIX = ".unveil-tmp";
    private static final long PID = ProcessHandle.current().pid();
    private static final Pattern OURS = Pattern.compile("(\\d{1,19})-\\d+");
    private static final Pattern LEGACY = Pattern.compile("\\d+");
    private static final Duration LEGACY_STALE = Duration.ofHours(1);
    private static final Duration START_SLACK = Duration.ofMinutes(1);

    /**
     * Guards {@link #inFlight} and {@link #exiting}; held while outputs are published, so the hook
     * sees none half-published. Invariant: once {@code exiting} is set, nothing is published.
     */
    static final Object LOCK = new Object();
    private static final Set<Path> inFlight = new LinkedHashSet<>();
    private static boolean exiting;

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::deleteInFlight, "unveil-temp-cleanup"));
        } catch (IllegalStateException alreadyExiting) {
            exiting = true;
        }
    }

    private TempFiles() {}

    /** A new, empty, registered temp file next to {@code target} (mode 0600 when {@code ownerOnly}, else 0644), after a sweep. */
    static Path create(Path target, boolean ownerOnly) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        String name = abs.getFileName().toString();
        sweep(dir, name);
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        synchronized (LOCK) {
            requireRunning();
            Path temp = posix
                    ? Files.createTempFile(dir, "." + name + "." + PID + "-", SUFFIX,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, "." + name + "." + PID + "-", SUFFIX);
            inFlight.add(temp);
            // createTempFile makes owner-only files; archives and extracted media are meant to be shared.
            if (posix && !ownerOnly) Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            return temp;
        }
    }

    /** Call holding {@link #LOCK}: the temp file is published (or gone), so the hook leaves it. */
    static void published(Path temp) {
        inFlight.remove(temp);
    }

    /** Deletes a temp file that will not be committed (if it still exists) and forgets it. */
    static void discard(Path temp) throws IOException {
        try {
            Files.deleteIfExists(temp);
        } finally {
            synchronized (LOCK) {
                inFlight.remove(temp);
            }
        }
    }

    /** Call holding {@link #LOCK} before publishing anything. */
    static void requireRunning() throws InterruptedIOException {
        if (exiting) throw new InterruptedIOException("unveil is exiting (interrupted); nothing was written");
    }

    /** The shutdown hook: stop publishing, delete every temp file still in flight. */
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

    /** Deletes stale temp files of {@code name} in {@code dir}; best effort: one that cannot read the directory leaves it for the next run. */
    static void sweep(Path dir, String name) {
        String prefix = "." + name + ".";
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(SUFFIX) && n.length() > prefix.length() + SUFFIX.length();
        })) {
            for (Path p : files) {
                String n = p.getFileName().toString();
                String middle = n.substring(prefix.length(), n.length() - SUFFIX.length());
                if (stale(middle, Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS)) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | DirectoryIteratorException | SecurityException e) {
            // left for the next run
        }
    }

    /** Whether a temp file whose name holds {@code middle} (PID-RANDOM) and was last written at {@code modified} is abandoned. */
    static boolean stale(String middle, FileTime modified) {
        Matcher m = OURS.matcher(middle);
        if (!m.matches()) {
            return LEGACY.matcher(middle).matches() && modified.toInstant().plus(LEGACY_STALE).isBefore(Instant.now());
        }
        long pid;
        try {
            pid = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (pid == PID) return false; // this process: in flight, or removed by its own hook
        Optional<ProcessHandle> owner = ProcessHandle.of(pid);
        if (owner.isEmpty() || !owner.get().isAlive()) return true;
        Optional<Instant> started = owner.get().info().startInstant();
        return started.isPresent() && started.get().isAfter(modified.toInstant().plus(START_SLACK));
    }

    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot open or sync a directory; the rename itself already happened.
        }
    }
}
