package org.unveil.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An output file that appears only when complete: written to a temp file in the same directory,
 * fsynced, then renamed atomically; closed without {@link #commit} it is deleted.
 */
final class IpfsAtomicOutput implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private boolean committed;

    IpfsAtomicOutput(Path target) throws IOException {
        this.target = target.toAbsolutePath();
        Path dir = this.target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("output directory " + dir + " does not exist; create it first");
        }
        this.temp = Files.createTempFile(dir, "." + this.target.getFileName() + ".", ".part");
        this.channel = FileChannel.open(temp, StandardOpenOption.WRITE);
    }

    /** Unbuffered; wrap it. Closing it does not commit. */
    OutputStream stream() {
        OutputStream raw = Channels.newOutputStream(channel);
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                raw.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                raw.write(b, off, len);
            }
        };
    }

    void commit() throws IOException {
        channel.force(true);
        channel.close();
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (committed) return;
        channel.close();
        Files.deleteIfExists(temp);
    }
}
