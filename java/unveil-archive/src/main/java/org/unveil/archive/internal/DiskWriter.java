package org.unveil.archive.internal;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.unveil.archive.ArchiveTap;

/**
 * Sequential writer of a large new file that must end up durable (fsynced by
 * {@link AtomicFiles#commit}), in 4 MiB blocks written on a background thread while the caller
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
    private final ArchiveTap tap;
    /** The writer thread's heap copy of each block for the tap (hashing a direct buffer goes 4 KiB at a time). */
    private byte[] tapCopy;
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
        this.tap = tap;
        for (int i = 0; i < 2; i++) {
            buffers[i] = alignment > 0 ? ByteBuffer.allocateDirect(BLOCK + alignment).alignedSlice(alignment) : ByteBuffer.allocateDirect(BLOCK);
        }
        buffer = buffers[0];
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
            tap(tapped);
            if (writeBehind != null) writeBehind.written(written);
            return null;
        });
        buffer = buffers[++turn & 1].clear();
    }

    private void tap(ByteBuffer written) {
        if (tap == ArchiveTap.NONE || !written.hasRemaining()) return;
        if (tapCopy == null) tapCopy = new byte[BLOCK];
        int n = written.remaining();
        written.get(tapCopy, 0, n);
        tap.bytes(tapCopy, 0, n);
    }

    private void await() throws IOException {
        if (pending == null) return;
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) throw u.getCause();
            throw new IOException("writing failed: " + e.getCause(), e.getCause());
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
            if (alignment > 0 && buffer.position() % alignment != 0) {
                int padded = (buffer.position() + alignment - 1) / alignment * alignment;
                while (buffer.position() < padded) buffer.put((byte) 0);
            }
            buffer.flip();
            while (buffer.hasRemaining()) channel.write(buffer);
            if (alignment > 0) channel.truncate(position);
        } finally {
            thread.shutdownNow();
        }
    }
}
