package org.unveil.archive.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.unveil.io.AtomicFiles;

/**
 * The files an extraction produces, staged as temporary files beside their final names and
 * renamed into place only when {@link #commitAll()} is called after every check passed. If the
 * extraction fails, {@link #close()} deletes every temporary file, so no output looks complete.
 */
public final class StagedOutputs implements AutoCloseable {
    private final Path root;
    private final Path realRoot;
    private final List<Path> targets = new ArrayList<>();
    private final AtomicFiles.Batch batch = new AtomicFiles.Batch();
    private final Set<String> names = new HashSet<>();

    public StagedOutputs(Path outDir) throws IOException {
        Files.createDirectories(outDir);
        this.root = outDir;
        this.realRoot = outDir.toRealPath();
    }

    /** A fresh temporary file for {@code relativePath} (already validated by the manifest rules). */
    public Path stage(String relativePath) throws IOException {
        if (!names.add(EntryNames.collisionKey(relativePath))) throw new FileAlreadyExistsException(relativePath, null, "produced twice by this extraction");
        Path target = root.resolve(relativePath).normalize();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "already exists; extract into an empty directory");
        }
        Files.createDirectories(target.getParent());
        // A symlinked directory inside the output could redirect writes elsewhere.
        if (!target.getParent().toRealPath().startsWith(realRoot)) {
            throw new IOException("output path " + target + " leaves " + root + " through a symbolic link; refusing to write");
        }
        Path temp = batch.stageNew(target, false);
        targets.add(target);
        return temp;
    }

    /** Gives every staged file its final name, all or nothing; a name that appeared meanwhile is never replaced. */
    public List<Path> commitAll() throws IOException {
        for (Path t : targets) {
            if (Files.exists(t, LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(t.toString(), null, "appeared during extraction");
        }
        batch.commit();
        List<Path> done = List.copyOf(targets);
        targets.clear();
        return done;
    }

    @Override
    public void close() throws IOException {
        targets.clear();
        batch.close();
    }
}
