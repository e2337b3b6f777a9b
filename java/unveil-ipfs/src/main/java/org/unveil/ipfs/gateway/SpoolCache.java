package org.unveil.ipfs.gateway;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.unveil.ipfs.BlockNotFoundException;
import org.unveil.ipfs.Cid;

/**
 * Verified blocks of one download, appended to a scratch file so a file with repeated chunks
 * (a CAR with {@code dups=n} sends each once) can be rebuilt with memory bounded by the index,
 * not the data. Not durable on purpose: it lives only as long as the download, and skipping
 * fsync keeps a gigabyte fetch from paying a disk flush per block. Deleted on close.
 */
final class SpoolCache implements BlockCache {
    private record Extent(long offset, int length) {}

    private final Path file;
    private final FileChannel channel;
    private final Map<Cid, Extent> index = new HashMap<>();
    private long end;

    SpoolCache(Path dir) throws IOException {
        this.file = Files.createTempFile(dir, ".unveil-fetch-", ".spool");
        this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE);
    }

    @Override
    public void put(Cid cid, byte[] block) throws IOException {
        if (index.containsKey(cid)) return;
        ByteBuffer buf = ByteBuffer.wrap(block);
        long at = end;
        while (buf.hasRemaining()) at += channel.write(buf, at);
        index.put(cid, new Extent(end, block.length));
        end = at;
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        Extent e = index.get(cid);
        if (e == null) throw new BlockNotFoundException(cid);
        ByteBuffer buf = ByteBuffer.allocate(e.length());
        long at = e.offset();
        while (buf.hasRemaining()) {
            int n = channel.read(buf, at);
            if (n < 0) throw new IOException("scratch file " + file + " shrank while in use");
            at += n;
        }
        return buf.array();
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }
}
