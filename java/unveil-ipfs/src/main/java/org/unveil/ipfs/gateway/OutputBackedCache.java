package org.unveil.ipfs.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.unveil.io.AtomicOutput;
import org.unveil.ipfs.Cid;

/**
 * The blocks a whole-file download may need again (a file with repeated chunks arrives with each
 * distinct block once). A raw leaf is written to the output right after it arrives, so it is read
 * back from there; only the other blocks (dag-pb nodes, small) go to a scratch {@link SpoolCache}.
 * Spooling every leaf as well doubled the bytes a download wrote. Hands out the output stream,
 * buffered, and counts what went through it so it knows where each leaf lands.
 *
 * <p>A leaf is asked for between its arrival and its write too: a file that is a single raw leaf
 * is read once for its size and again to export it, before any byte is written. So the newest
 * leaf stays in memory until the next one arrives, and every block put can be got back.
 */
final class OutputBackedCache implements BlockCache {
    private static final int BUFFER = 1 << 20;
    private record Extent(long offset, int length) {}

    private final AtomicOutput file;
    private final SpoolCache others;
    private final Map<Cid, Extent> leaves = new HashMap<>();
    private Cid newest;
    private byte[] newestBlock;
    private final byte[] buffer = new byte[BUFFER];
    private int buffered;
    private long flushed;

    OutputBackedCache(AtomicOutput file, SpoolCache others) {
        this.file = file;
        this.others = others;
    }

    /** Where the exporter writes the file; raw leaves must be written whole, in arrival order, as a whole-file export does. */
    OutputStream output(FetchProgress progress, long total) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (buffered == 0 && len >= BUFFER) { // a whole leaf: no copy
                    file.write(ByteBuffer.wrap(b, off, len));
                    flushed += len;
                    len = 0;
                }
                while (len > 0) {
                    int n = Math.min(len, BUFFER - buffered);
                    System.arraycopy(b, off, buffer, buffered, n);
                    buffered += n;
                    off += n;
                    len -= n;
                    if (buffered == BUFFER) flush();
                }
                progress.progress(position(), total);
            }

            @Override
            public void flush() throws IOException {
                OutputBackedCache.this.flush();
            }
        };
    }

    private long position() {
        return flushed + buffered;
    }

    private void flush() throws IOException {
        file.write(ByteBuffer.wrap(buffer, 0, buffered));
        flushed += buffered;
        buffered = 0;
    }

    @Override
    public void put(Cid cid, byte[] block) throws IOException {
        if (cid.codec() != Cid.RAW) {
            others.put(cid, block);
        } else if (!leaves.containsKey(cid)) {
            // Offsets are only right if each leaf is written before the next arrives, as a whole-file export does.
            Extent last = newest == null ? null : leaves.get(newest);
            if (last != null && last.offset() + last.length() > position()) {
                throw new IllegalStateException("raw leaf " + cid + " arrived before leaf " + newest
                        + " was written out; OutputBackedCache needs each leaf written whole, in arrival order");
            }
            leaves.put(cid, new Extent(position(), block.length));
            newest = cid;
            newestBlock = block;
        }
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        if (cid.equals(newest)) return newestBlock; // perhaps not written yet; see the class comment
        Extent e = leaves.get(cid);
        if (e == null) return others.get(cid);
        if (e.offset() + e.length() > flushed) flush();
        ByteBuffer b = ByteBuffer.allocate(e.length());
        file.readFully(b, e.offset());
        return b.array();
    }

    /** The file stays open: its {@link AtomicOutput} decides whether it is kept. */
    @Override
    public void close() throws IOException {
        others.close();
    }
}
