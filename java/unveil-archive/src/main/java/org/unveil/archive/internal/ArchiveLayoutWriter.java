package org.unveil.archive.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.unveil.archive.ArchiveTap;
import org.unveil.archive.Manifest;
import org.unveil.archive.ProgressListener;

/**
 * Writes a whole archive in one streaming pass. The manifest must come first but holds hashes only
 * known at the end, so its entry is reserved at its exact final length (hashes are fixed-width hex
 * and every other field is known up front) and overwritten in place once all fragments are
 * written. Each source byte is read once, hashed once as plaintext and once as stored bytes; the
 * two hashes (the slowest steps, about 1.5 GB/s each with SHA-NI) run on their own threads while
 * this thread reads, encrypts (about 2.5 GB/s) and writes, so two cores are kept busy without a
 * parallel cipher. {@link DiskWriter} writes on its own thread, bypassing the page cache, so the final fsync is short.
 */
public final class ArchiveLayoutWriter {
    /** Plaintext read, hashed and encrypted per step: whole 64 KiB age chunks, large enough that hand-offs cost nothing. */
    private static final int BLOCK = 64 * AgeSizes.CHUNK;
    private static final String ZERO_HASH = "0".repeat(64);

    /** A file to write: where to read it, and its manifest entry with placeholder hashes. */
    public record Source(Path file, Manifest.FileEntry entry) {}

    /** The final manifest (with real hashes) and where its bytes sit in the archive. */
    public record Written(Manifest manifest, long manifestOffset, int manifestLength) {}

    private ArchiveLayoutWriter() {}

    /**
     * Manifest entry with zero hashes, from the file's plan; stored sizes follow from it. A header
     * segment is always a preview: every other fragment, a sample revealed later included, plays
     * only after it, and it holds no media to give away.
     */
    public static Manifest.FileEntry plannedEntry(String path, String mediaType, long size, FragmentPlanner.Plan plan, java.util.Set<Integer> previews) {
        List<Long> starts = plan.starts();
        boolean header = plan.media() != null && plan.media().header();
        List<Manifest.Fragment> frags = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            long from = starts.get(i), to = i + 1 < starts.size() ? starts.get(i + 1) : size;
            boolean preview = previews.contains(i) || (header && i == 0);
            frags.add(new Manifest.Fragment(from, to - from, preview, preview ? to - from : AgeSizes.storedSize(to - from), ZERO_HASH, null,
                    plan.spans() == null ? null : plan.spans().get(i)));
        }
        return new Manifest.FileEntry(path, mediaType, size, ZERO_HASH, frags, plan.media());
    }

    /**
     * The planned entries with each encrypted fragment's key address filled in, {@code keyAddresses.get(e)}
     * for encrypted fragment e in archive order. Addresses are fixed-width, so the manifest's length is final.
     */
    public static List<Manifest.FileEntry> withKeyAddresses(List<Manifest.FileEntry> planned, List<String> keyAddresses) {
        List<Manifest.FileEntry> out = new ArrayList<>();
        int e = 0;
        for (Manifest.FileEntry f : planned) {
            List<Manifest.Fragment> frags = new ArrayList<>();
            for (Manifest.Fragment x : f.fragments()) {
                frags.add(x.preview() ? x : x.sealed(x.sha256(), keyAddresses.get(e++)));
            }
            out.add(f.withFragments(frags));
        }
        if (e != keyAddresses.size()) throw new IllegalArgumentException(keyAddresses.size() + " key addresses for " + e + " encrypted fragments");
        return out;
    }

    /**
     * Writes the archive to {@code temp} and returns the final manifest (with real hashes).
     * {@code planned} must carry the placeholder hashes of {@link #plannedEntry}. Age file keys,
     * ephemeral keys and nonces come from {@code random}, so a seeded one reproduces the bytes.
     * Encrypted fragment e is sealed to {@code recipients.get(e)}, its own fragment key's recipient.
     */
    public static Written write(Path temp, Manifest planned, List<Source> sources, List<String> recipients, SecureRandom random, ProgressListener progress,
            ArchiveTap tap) throws IOException {
        byte[] placeholder = planned.canonicalBytes();
        long total = sources.stream().mapToLong(s -> s.entry().size()).sum();
        long done = 0;
        List<Manifest.FileEntry> finished = new ArrayList<>();
        // DEPTH + 1 of each: the background hashes may still read the DEPTH blocks before the one being filled.
        byte[][] plain = new byte[BackgroundDigest.DEPTH + 1][BLOCK];
        byte[][] sealed = new byte[BackgroundDigest.DEPTH + 1][AgeEncryptor.ciphertextLength(BLOCK)];
        int turn = 0;
        int encrypted = 0;
        long manifestOffset;
        try (DiskWriter out = DiskWriter.open(temp, true, tap)) {
            TarWriter tar = new TarWriter(out);
            tar.beginEntry(EntryNames.MANIFEST, placeholder.length);
            manifestOffset = tar.position();
            tar.write(ByteBuffer.wrap(placeholder));
            tar.endEntry();
            for (int fi = 0; fi < sources.size(); fi++) {
                Source src = sources.get(fi);
                List<Manifest.Fragment> frags = new ArrayList<>();
                String fileSha256;
                try (BackgroundDigest fileHash = new BackgroundDigest(); BackgroundDigest storedHash = new BackgroundDigest();
                        FileChannel in = FileChannel.open(src.file(), StandardOpenOption.READ)) {
                    if (in.size() != src.entry().size()) throw changed(src.file(), src.entry().size(), in.size());
                    for (int j = 0; j < src.entry().fragments().size(); j++) {
                        Manifest.Fragment f = src.entry().fragments().get(j);
                        tar.beginEntry(EntryNames.fragmentEntry(fi, j, f.preview(), src.entry().mediaType()), f.storedSize());
                        AgeEncryptor age = f.preview() ? null : AgeEncryptor.create(recipients.get(encrypted++), random);
                        try {
                            if (age != null) {
                                ByteBuffer header = ByteBuffer.wrap(age.header());
                                storedHash.update(header);
                                tar.write(header);
                            }
                            long remaining = f.size();
                            do { // at least once: an empty encrypted fragment still has its final chunk
                                byte[] p = plain[turn % plain.length];
                                byte[] c = sealed[turn % sealed.length];
                                turn++;
                                int n = (int) Math.min(BLOCK, remaining);
                                readFully(in, p, n, src, f.offset() + f.size() - remaining);
                                remaining -= n;
                                fileHash.update(ByteBuffer.wrap(p, 0, n));
                                ByteBuffer stored = age == null ? ByteBuffer.wrap(p, 0, n) : ByteBuffer.wrap(c, 0, age.encrypt(p, 0, n, c, remaining == 0));
                                storedHash.update(stored);
                                tar.write(stored);
                                done += n;
                                progress.progress(done, total);
                            } while (remaining > 0);
                        } finally {
                            if (age != null) age.destroy();
                        }
                        tar.endEntry();
                        String storedSha256 = HexFormat.of().formatHex(storedHash.digest());
                        frags.add(f.sealed(storedSha256, f.keyAddress()));
                    }
                    fileSha256 = HexFormat.of().formatHex(fileHash.digest());
                }
                Manifest.FileEntry e = src.entry();
                finished.add(new Manifest.FileEntry(e.path(), e.mediaType(), e.size(), fileSha256, frags, e.media()));
            }
            tar.finish();
        }
        Manifest result = new Manifest(planned.version(), planned.terms(), planned.license(), planned.secret(), planned.groups(), finished);
        byte[] manifest = result.canonicalBytes();
        if (manifest.length != placeholder.length) {
            throw new IllegalStateException("manifest length changed from " + placeholder.length + " to " + manifest.length + " bytes; this is a bug");
        }
        // A small buffered write after the direct ones; the commit's fsync makes it durable with the rest.
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ByteBuffer mb = ByteBuffer.wrap(manifest);
            long at = manifestOffset;
            while (mb.hasRemaining()) at += out.write(mb, at);
        }
        return new Written(result, manifestOffset, manifest.length);
    }

    private static void readFully(FileChannel in, byte[] into, int n, Source src, long at) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(into, 0, n);
        while (b.hasRemaining()) {
            if (in.read(b) < 0) throw changed(src.file(), src.entry().size(), at + b.position());
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
