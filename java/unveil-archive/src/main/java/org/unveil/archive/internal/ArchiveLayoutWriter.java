package org.unveil.archive.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.unveil.archive.Manifest;
import org.unveil.archive.ProgressListener;

/**
 * Writes a whole archive in one streaming pass. The manifest must come first but holds hashes only
 * known at the end, so its entry is reserved at its exact final length (hashes are fixed-width hex
 * and every other field is known up front) and overwritten in place once all fragments are
 * written. Each source byte is read once, hashed once as plaintext and once as stored bytes; the
 * two hashes run on their own threads while this thread reads, encrypts and writes.
 */
public final class ArchiveLayoutWriter {
    private static final int BUFFER = 1 << 20;
    private static final String ZERO_HASH = "0".repeat(64);

    /** A file to write: where to read it, and its manifest entry with placeholder hashes. */
    public record Source(Path file, Manifest.FileEntry entry) {}

    private ArchiveLayoutWriter() {}

    /** Manifest entry with zero hashes, from fragment starts; stored sizes follow from the plan. */
    public static Manifest.FileEntry plannedEntry(String path, String mediaType, long size, List<Long> starts, java.util.Set<Integer> previews) {
        List<Manifest.Fragment> frags = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            long from = starts.get(i), to = i + 1 < starts.size() ? starts.get(i + 1) : size;
            boolean preview = previews.contains(i);
            frags.add(new Manifest.Fragment(from, to - from, preview, preview ? to - from : AgeSizes.storedSize(to - from), ZERO_HASH));
        }
        return new Manifest.FileEntry(path, mediaType, size, ZERO_HASH, frags);
    }

    /**
     * Writes the archive to {@code temp} and returns the final manifest (with real hashes).
     * {@code planned} must carry the placeholder hashes of {@link #plannedEntry}.
     */
    public static Manifest write(Path temp, Manifest planned, List<Source> sources, String recipient, ProgressListener progress) throws IOException {
        byte[] placeholder = planned.canonicalBytes();
        long total = sources.stream().mapToLong(s -> s.entry().size()).sum();
        long done = 0;
        List<Manifest.FileEntry> finished = new ArrayList<>();
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            TarWriter tar = new TarWriter(out);
            tar.beginEntry(EntryNames.MANIFEST, placeholder.length);
            long manifestOffset = tar.position();
            tar.write(ByteBuffer.wrap(placeholder));
            tar.endEntry();
            ByteBuffer[] bufs = {ByteBuffer.allocate(BUFFER), ByteBuffer.allocate(BUFFER)};
            int turn = 0;
            for (int fi = 0; fi < sources.size(); fi++) {
                Source src = sources.get(fi);
                List<Manifest.Fragment> frags = new ArrayList<>();
                String fileSha256;
                try (BackgroundDigest fileHash = new BackgroundDigest(); FileChannel in = FileChannel.open(src.file(), StandardOpenOption.READ)) {
                    if (in.size() != src.entry().size()) throw changed(src.file(), src.entry().size(), in.size());
                    for (int j = 0; j < src.entry().fragments().size(); j++) {
                        Manifest.Fragment f = src.entry().fragments().get(j);
                        BatchedDigest stored = new BatchedDigest();
                        tar.beginEntry(EntryNames.fragmentEntry(fi, j, f.preview(), src.entry().mediaType()), f.storedSize());
                        WritableByteChannel sink = new HashingChannel(tar, stored);
                        WritableByteChannel target = f.preview() ? sink : AgeCipher.encrypting(sink, recipient);
                        long remaining = f.size();
                        while (remaining > 0) {
                            ByteBuffer buf = bufs[turn++ & 1];
                            buf.clear().limit((int) Math.min(BUFFER, remaining));
                            int n = in.read(buf);
                            if (n < 0) throw changed(src.file(), src.entry().size(), f.offset() + f.size() - remaining);
                            buf.flip();
                            fileHash.update(buf);
                            while (buf.hasRemaining()) target.write(buf);
                            remaining -= n;
                            done += n;
                            progress.progress(done, total);
                        }
                        target.close(); // age: writes the final chunk
                        tar.endEntry();
                        String storedSha256 = HexFormat.of().formatHex(stored.digest());
                        stored.close();
                        frags.add(new Manifest.Fragment(f.offset(), f.size(), f.preview(), f.storedSize(), storedSha256));
                    }
                    fileSha256 = HexFormat.of().formatHex(fileHash.digest());
                }
                Manifest.FileEntry e = src.entry();
                finished.add(new Manifest.FileEntry(e.path(), e.mediaType(), e.size(), fileSha256, frags));
            }
            tar.finish();
            Manifest result = new Manifest(planned.version(), planned.terms(), planned.license(), planned.secret(), planned.groups(), finished);
            byte[] manifest = result.canonicalBytes();
            if (manifest.length != placeholder.length) {
                throw new IllegalStateException("manifest length changed from " + placeholder.length + " to " + manifest.length + " bytes; this is a bug");
            }
            ByteBuffer mb = ByteBuffer.wrap(manifest);
            long at = manifestOffset;
            while (mb.hasRemaining()) at += out.write(mb, at);
            return result;
        }
    }

    private static IOException changed(Path file, long expected, long actual) {
        return new IOException(file + " changed while packing (expected " + expected + " bytes, saw " + actual + "); pack again");
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

}
