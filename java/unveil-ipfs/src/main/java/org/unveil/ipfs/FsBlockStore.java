package org.unveil.ipfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The embedded blockstore: one file per block under {@code blocks/XY/}, named by the base32 of its multihash (so a
 * CIDv0 and a CIDv1 of the same bytes share one file, as in kubo), sharded by the two characters before the last
 * (kubo flatfs's next-to-last/2), and one empty marker file per recursive pin under {@code pins/}.
 *
 * <p>Crash safety: a block is written to a {@code .tmp-} file in its final directory and atomically renamed, so
 * if the process dies a final name only ever holds a complete block; leftover temp files are deleted by
 * {@link #open}. Durability runs in the background ({@link BackgroundSync}): written files are fsynced in small
 * batches while more are written, and {@link #sync} (which {@link #pin} runs before it writes the pin, and
 * {@link #close} runs) returns once all of them and their directories are durable; at most
 * {@value BackgroundSync#MAX_NOT_DURABLE} files are ever waiting. After a power loss a block written since the last sync may be empty or
 * truncated under its final name; that is safe because every read re-verifies the hash (storage can rot or be
 * edited too): a corrupt file is deleted and reported, never served, and {@link #put} rewrites a file whose size
 * is wrong. A pin is only ever written after every block of its DAG is durable.
 *
 * <p>One instance per directory: garbage collection excludes concurrent writes of this instance only.
 */
public final class FsBlockStore implements BlockSource, BlockSink, AutoCloseable {
    private static final String TEMP_PREFIX = ".tmp-";
    private final Path blocks;
    private final Path pins;
    private final ReadWriteLock gcLock = new ReentrantReadWriteLock();
    private final BackgroundSync durability = new BackgroundSync();

    private FsBlockStore(Path dir) {
        this.blocks = dir.resolve("blocks");
        this.pins = dir.resolve("pins");
    }

    /** Opens (creating if needed) the store in {@code dir} and removes temp files a crash left behind. */
    public static FsBlockStore open(Path dir) throws IOException {
        Objects.requireNonNull(dir, "blockstore directory required");
        FsBlockStore store = new FsBlockStore(dir);
        Files.createDirectories(store.blocks);
        Files.createDirectories(store.pins);
        store.deleteTempFiles();
        return store;
    }

    /** True if the block is stored (or inline in an identity CID); does not re-verify it. */
    public boolean has(Cid cid) {
        return cid.isIdentity() || Files.isRegularFile(path(cid));
    }

    /** The stored length, without reading or verifying the block ({@link #get} verifies). */
    @Override
    public long size(Cid cid) throws IOException {
        if (cid.isIdentity()) return cid.digest().length;
        try {
            return Files.size(path(cid));
        } catch (NoSuchFileException e) {
            throw new BlockNotFoundException(cid);
        }
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        if (cid.isIdentity()) {
            return cid.digest();
        }
        Path file = path(cid);
        byte[] block;
        try {
            if (Files.size(file) > BlockLoader.MAX_BLOCK_SIZE) {
                throw corrupt(cid, file, "is larger than any block");
            }
            block = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BlockNotFoundException(cid);
        }
        try {
            cid.verify(block);
        } catch (InvalidBlockException e) {
            throw corrupt(cid, file, "does not hash to its CID");
        }
        return block;
    }

    /**
     * Stores a block after checking it hashes to {@code cid}; storing a block already present is a no-op. The block
     * is readable at once and durable after the next {@link #sync} (see the class comment).
     */
    @Override
    public void put(Cid cid, byte[] block) throws IOException {
        checkSize(cid, block);
        cid.verify(block);
        putVerified(cid, block);
    }

    /** {@link #put} for a block whose hash the caller computed or checked itself, so it is not hashed again. */
    void putVerified(Cid cid, byte[] block) throws IOException {
        checkSize(cid, block);
        if (cid.isIdentity()) {
            return;
        }
        gcLock.readLock().lock();
        try {
            Path file = path(cid);
            // A power loss can leave an empty or short file under a final name; a wrong size means rewrite it.
            if (!Files.isRegularFile(file) || Files.size(file) != block.length) {
                writeAtomically(file, block, false);
            }
            durability.written(file);
        } finally {
            gcLock.readLock().unlock();
        }
    }

    /**
     * Makes every block written by this instance so far durable: fsyncs each file, then each directory holding
     * one, so the renames survive a power loss too.
     */
    public void sync() throws IOException {
        durability.sync();
    }

    /**
     * Pins the whole DAG under {@code root} so {@link #gc} keeps it.
     *
     * @throws BlockNotFoundException if any block of the DAG is missing (nothing is pinned then)
     */
    public void pin(Cid root) throws IOException {
        DagWalker.walk(root, this, DagScope.ALL, null, (cid, block) -> { });
        sync();
        writeAtomically(pins.resolve(root.toString()), new byte[0], true);
    }

    /** Removes a pin; returns false if {@code root} was not pinned. Its blocks go at the next {@link #gc}. */
    public boolean unpin(Cid root) throws IOException {
        return Files.deleteIfExists(pins.resolve(root.toString()));
    }

    /** The pinned roots, sorted by their string form. */
    public List<Cid> pins() throws IOException {
        List<Cid> result = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(pins)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (!name.startsWith(TEMP_PREFIX)) {
                    try {
                        result.add(Cid.parse(name));
                    } catch (IllegalArgumentException e) {
                        throw new IOException("pin file " + p + " is not named by a CID; remove it", e);
                    }
                }
            }
        }
        result.sort(Comparator.comparing(Cid::toString));
        return result;
    }

    /**
     * Deletes every block not reachable from a pin. If a pinned DAG is incomplete the collection is abandoned
     * before anything is deleted.
     */
    public GcResult gc() throws IOException {
        gcLock.writeLock().lock();
        try {
            Set<String> keep = new HashSet<>();
            for (Cid root : pins()) {
                DagWalker.walk(root, this, DagScope.ALL, null, (cid, block) -> keep.add(key(cid)));
            }
            long removed = 0;
            long freed = 0;
            try (DirectoryStream<Path> shards = Files.newDirectoryStream(blocks)) {
                for (Path shard : shards) {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
                        for (Path file : files) {
                            if (!keep.contains(file.getFileName().toString())) {
                                long size = Files.size(file);
                                Files.delete(file);
                                removed++;
                                freed += size;
                            }
                        }
                    }
                }
            }
            return new GcResult(removed, freed);
        } finally {
            gcLock.writeLock().unlock();
        }
    }

    /**
     * Runs {@link #sync} so blocks written through this instance are durable once it is closed.
     *
     * @throws UncheckedIOException if the fsync fails (the signature stays unchecked for existing callers)
     */
    @Override
    public void close() {
        try {
            sync();
        } catch (IOException e) {
            throw new UncheckedIOException("could not fsync the blocks written to " + blocks + ": " + e.getMessage(), e);
        } finally {
            durability.close();
        }
    }

    int unsyncedCount() {
        return durability.notYetDurable();
    }

    private static void checkSize(Cid cid, byte[] block) throws InvalidBlockException {
        if (block.length > BlockLoader.MAX_BLOCK_SIZE) {
            throw new InvalidBlockException("block " + cid + " is " + block.length + " bytes, over the "
                    + BlockLoader.MAX_BLOCK_SIZE + "-byte limit");
        }
    }

    Path path(Cid cid) {
        String key = key(cid);
        return blocks.resolve(key.substring(key.length() - 3, key.length() - 1)).resolve(key);
    }

    private static String key(Cid cid) {
        return Multibase.base32(cid.multihash());
    }

    private InvalidBlockException corrupt(Cid cid, Path file, String why) throws IOException {
        Files.deleteIfExists(file);
        return new InvalidBlockException("stored block " + cid + " (" + file + ") " + why
                + "; removed the corrupt file, fetch the block again");
    }

    /** Temp file then atomic rename; {@code durable} also fsyncs the file and directory before returning. */
    private static void writeAtomically(Path target, byte[] content, boolean durable) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve(TEMP_PREFIX + UUID.randomUUID());
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (durable) {
                    ch.force(true);
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("temp file " + temp + " already exists; is another process writing here?", e);
        } finally {
            Files.deleteIfExists(temp);
        }
        if (durable) {
            forceDirectory(dir);
        }
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private void deleteTempFiles() throws IOException {
        for (Path root : List.of(blocks, pins)) {
            try (var walk = Files.walk(root, 2)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    if (p.getFileName().toString().startsWith(TEMP_PREFIX)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
