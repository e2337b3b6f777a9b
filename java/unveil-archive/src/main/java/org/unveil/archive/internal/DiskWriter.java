package org.unveil.archive.internal;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.unveil.archive.ArchiveTap;

/**
 * Sequential writer of a large new file that must end up durable (fsynced by
 * {@link org.unveil.io.AtomicFiles#commit}), in 4 MiB blocks written on a background thread while the caller
 * fills the next block. With {@link #open(Path, boolean) bypassCache} the file is opened with
 * O_DIRECT where the file system allows it: on the machines measured, writing a GiB through the
 * page cache and fsyncing it took three times longer (mostly kernel CPU taken from the hashing
 * threads) than writing it directly, so the fsync bounded pack and unpack. Without it, or where
 * O_DIRECT is refused (tmpfs), writes are buffered and {@link WriteBehind} starts the disk writing
 * early. For direct writes the last partial block is padded and the file truncated back on
 * {@link #close()}.
 */
public final class DiskWriter implements WritableByteChannel {
    private static final int BLOCK = 4 << 20;
    private final FileChannel channel;
    private final ByteBuffer[] buffers = new ByteBuffer[2];
    private final int alignment;
    private final WriteBehind writeBehind;
    private final TapThread tap;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "unveil-disk-writer");
        t.setDaemon(true);
        return t;
    });
    private Future<?> pending;
    private ByteBuffer buffer;
    private int turn;
    private long position;
    private long handedOff;
    private boolean open = true;

    private DiskWriter(FileChannel channel, int alignment, WriteBehind writeBehind, ArchiveTap tap) {
        this.channel = channel;
        this.alignment = alignment;
        this.writeBehind = writeBehind;
        this.tap = tap == ArchiveTap.NONE ? null : new TapThread(tap);
        for (int i = 0; i < 2; i++) {
            buffers[i] = block(alignment);
        }
        buffer = buffers[0];
    }

    /**
     * A direct buffer of exactly {@link #BLOCK} bytes starting at a multiple of {@code alignment} (0: any).
     * {@code alignedSlice} alone is up to {@code alignment} bytes longer when the allocator's address happens
     * to be aligned already, and a block that long overran the tap's 4 MiB copies.
     */
    static ByteBuffer block(int alignment) {
        if (alignment == 0) return ByteBuffer.allocateDirect(BLOCK);
        return ByteBuffer.allocateDirect(BLOCK + alignment).alignedSlice(alignment).slice(0, BLOCK);
    }

    /** Opens {@code file} (which must exist, e.g. a fresh temp file) for writing from its start, truncating it. */
    public static DiskWriter open(Path file, boolean bypassCache) throws IOException {
        return open(file, bypassCache, ArchiveTap.NONE);
    }

    /** As {@link #open(Path, boolean)}; {@code tap} sees each block on the writer thread once it is written. */
    public static DiskWriter open(Path file, boolean bypassCache, ArchiveTap tap) throws IOException {
        if (bypassCache) {
            try {
                int alignment = Math.toIntExact(Files.getFileStore(file).getBlockSize());
                if (alignment > 0 && BLOCK % alignment == 0) {
                    FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, ExtendedOpenOption.DIRECT);
                    return new DiskWriter(ch, alignment, null, tap);
                }
            } catch (IOException | UnsupportedOperationException | ArithmeticException e) {
                // no O_DIRECT here (tmpfs refuses it): buffered writes below
            }
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            return new DiskWriter(ch, 0, new WriteBehind(file), tap);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Bytes written so far. */
    public long position() {
        return position;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!open) throw new ClosedChannelException();
        int n = src.remaining();
        while (src.hasRemaining()) {
            int take = Math.min(src.remaining(), buffer.remaining());
            buffer.put(buffer.position(), src, src.position(), take);
            buffer.position(buffer.position() + take);
            src.position(src.position() + take);
            if (!buffer.hasRemaining()) handOff();
        }
        position += n;
        return n;
    }

    /** Queues the full buffer for writing and continues in the other one once its write is done. */
    private void handOff() throws IOException {
        await();
        ByteBuffer full = buffer.flip();
        handedOff += full.remaining();
        long written = handedOff;
        pending = thread.submit(() -> {
            ByteBuffer tapped = full.duplicate();
            try {
                while (full.hasRemaining()) channel.write(full);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                tap(tapped);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (writeBehind != null) writeBehind.written(written);
            return null;
        });
        buffer = buffers[++turn & 1].clear();
    }

    private void tap(ByteBuffer written) throws IOException {
        if (tap != null && written.hasRemaining()) tap.submit(written);
    }

    /**
     * Runs the tap on a thread of its own, in order, with up to {@link #DEPTH} blocks queued as heap
     * copies (hashing a direct buffer goes 4 KiB at a time). On the writer thread, hashing a block
     * and writing it took turns and capped pack at about 600 MB/s.
     */
    private static final class TapThread {
        private static final int DEPTH = 3;
        private final ArchiveTap tap;
        private final byte[][] copies = new byte[DEPTH + 1][];
        private final java.util.ArrayDeque<Future<?>> pending = new java.util.ArrayDeque<>();
        private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "unveil-disk-tap");
            t.setDaemon(true);
            return t;
        });
        private int turn;

        TapThread(ArchiveTap tap) {
            this.tap = tap;
        }

        /** Called by one thread at a time (the writer thread, then close() after it finished). */
        synchronized void submit(ByteBuffer written) throws IOException {
            if (pending.size() >= DEPTH) await(pending.removeFirst());
            int slot = turn++ % copies.length;
            if (copies[slot] == null) copies[slot] = new byte[BLOCK];
            byte[] copy = copies[slot];
            int n = written.remaining();
            written.get(copy, 0, n);
            pending.addLast(thread.submit(() -> tap.bytes(copy, 0, n)));
        }

        /** Waits until the tap has seen everything submitted. */
        synchronized void finish() throws IOException {
            while (!pending.isEmpty()) await(pending.removeFirst());
        }

        void stop() {
            thread.shutdownNow();
        }

        private static void await(Future<?> f) throws IOException {
            Await.done(f, "hashing the archive for its tap");
        }
    }

    private void await() throws IOException {
        if (pending == null) return;
        try {
            Await.done(pending, "writing");
        } finally {
            pending = null;
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Writes what is buffered and closes the file (not fsynced: that is the commit's job). */
    @Override
    public void close() throws IOException {
        if (!open) return;
        open = false;
        try (channel; WriteBehind wb = writeBehind) {
            await();
            tap(buffer.duplicate().flip()); // the real bytes, before any padding
            if (tap != null) tap.finish();
            if (alignment > 0 && buffer.position() % alignment != 0) {
                int padded = (buffer.position() + alignment - 1) / alignment * alignment;
                while (buffer.position() < padded) buffer.put((byte) 0);
            }
            buffer.flip();
            while (buffer.hasRemaining()) channel.write(buffer);
            if (alignment > 0) channel.truncate(position);
        } finally {
            thread.shutdownNow();
            if (tap != null) tap.stop();
        }
    }
}
