package org.unveil.archive.internal.media;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file read once, front to back, through one fixed buffer, with a little look-ahead: what every
 * cutter needs to find boundaries without holding the file in memory. Memory is the buffer
 * (256 KiB) whatever the file size; look-ahead is limited to {@link #MAX_PEEK} bytes.
 */
final class MediaInput implements Closeable {
    static final int MAX_PEEK = 64 * 1024;
    private static final int BUFFER = 256 * 1024;
    private final FileChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER).limit(0);
    private final String name;
    private long position;
    private boolean eof;

    private MediaInput(FileChannel channel, String name) {
        this.channel = channel;
        this.name = name;
    }

    static MediaInput open(Path file) throws IOException {
        return new MediaInput(FileChannel.open(file, StandardOpenOption.READ), String.valueOf(file.getFileName()));
    }

    /** The file's name, for error messages. */
    String name() {
        return name;
    }

    /** Offset in the file of the next byte {@link #peek(int) peek(0)} returns. */
    long position() {
        return position;
    }

    /** The byte {@code ahead} bytes past the position (below {@link #MAX_PEEK}), or -1 past the end of the file. */
    int peek(int ahead) throws IOException {
        if (ahead >= buf.remaining() && !fill(ahead + 1)) return -1;
        return buf.get(buf.position() + ahead) & 0xff;
    }

    /**
     * The bytes already buffered after the position (at least one unless the file has ended),
     * for scans that look at every byte: reading them through {@link #peek} one by one costs
     * several times more. Valid until the next call that moves or fills.
     */
    ByteBuffer buffered() throws IOException {
        if (!buf.hasRemaining()) fill(1);
        return buf.slice();
    }

    /** Moves the position {@code n} bytes on; false (and at the end) if the file ends first. */
    boolean skip(long n) throws IOException {
        while (n > 0) {
            if (!buf.hasRemaining() && !fill(1)) return false;
            int step = (int) Math.min(n, buf.remaining());
            buf.position(buf.position() + step);
            position += step;
            n -= step;
        }
        return true;
    }

    /** Reads exactly {@code len} bytes; false if the file ends first (the bytes read so far are consumed). */
    boolean read(byte[] into, int off, int len) throws IOException {
        while (len > 0) {
            if (!buf.hasRemaining() && !fill(1)) return false;
            int step = Math.min(len, buf.remaining());
            buf.get(into, off, step);
            position += step;
            off += step;
            len -= step;
        }
        return true;
    }

    /** True when no byte is left. */
    boolean atEnd() throws IOException {
        return peek(0) < 0;
    }

    /** Makes at least {@code want} bytes available after the position, unless the file ends first. */
    private boolean fill(int want) throws IOException {
        if (want > MAX_PEEK) throw new IllegalArgumentException("look-ahead " + want + " exceeds " + MAX_PEEK);
        buf.compact();
        try {
            while (buf.position() < want && !eof) {
                if (channel.read(buf) < 0) eof = true;
            }
        } finally {
            buf.flip();
        }
        return buf.remaining() >= want;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
