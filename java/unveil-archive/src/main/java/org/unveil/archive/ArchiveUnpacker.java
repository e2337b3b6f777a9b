package org.unveil.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.unveil.archive.internal.AgeDecryptingChannel;
import org.unveil.archive.internal.BackgroundDigest;
import org.unveil.archive.internal.StreamChannel;
import org.unveil.archive.internal.ArchiveScanner;
import org.unveil.archive.internal.HeaderSegment;
import org.unveil.archive.internal.MediaTypes;
import org.unveil.archive.internal.StagedOutputs;
import org.unveil.archive.internal.DiskWriter;
import org.unveil.archive.keys.ReleaseSecret;
import org.unveil.io.AtomicFiles;

/**
 * Extracts files from an archive: every file with the release secret ({@link #unpack}), or only
 * the plaintext previews without any key ({@link #extractPreviews}). Every fragment hash, every
 * age chunk and every whole-file hash is checked before any output gets its final name; on any
 * failure only temporary files existed, and they are removed.
 */
public final class ArchiveUnpacker {
    private static final int BUFFER = 1 << 20;

    private ArchiveUnpacker() {}

    /** Decrypts and writes every file under {@code outDir}; returns the written paths. */
    public static List<Path> unpack(Path archive, Path outDir, ReleaseSecret secret, ProgressListener progress)
            throws IOException, GeneralSecurityException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), BUFFER);
                StagedOutputs outputs = new StagedOutputs(outDir);
                Identities identities = new Identities()) {
            ArchiveScanner scanner = new ArchiveScanner(in);
            Manifest m = scanner.readManifest();
            byte[] expected = HexFormat.of().parseHex(m.secret().publicKey());
            if (!MessageDigest.isEqual(expected, secret.publicKey())) {
                throw new InvalidKeyException("the secret does not belong to this archive: its public key is "
                        + HexFormat.of().formatHex(secret.publicKey()) + " but the manifest's S is " + m.secret().publicKey());
            }
            // Checked before anything is written: a key address that s does not derive means the
            // fragment tree the contract recorded commits to keys nobody can reveal.
            List<Manifest.EncryptedFragment> encrypted = m.encryptedFragments();
            FragmentKeys[] keys = new FragmentKeys[encrypted.size()];
            try {
                // about 0.1 ms per key (a base-point multiplication), so on every core
                java.util.stream.IntStream.range(0, keys.length).parallel().forEach(e -> keys[e] = FragmentKeys.derive(secret, e));
                for (Manifest.EncryptedFragment f : encrypted) {
                    requireKeyAddress(f, keys[f.index()], "the release secret");
                    identities.list.add(keys[f.index()].ageIdentity());
                }
            } finally {
                for (FragmentKeys k : keys) if (k != null) k.destroy();
            }
            long total = m.files().stream().mapToLong(Manifest.FileEntry::size).sum();
            FileWriter writer = new FileWriter(m, outputs, identities.list, progress, total);
            try {
                scanner.scan(writer::fragment);
            } finally {
                writer.closeCurrent();
            }
            return outputs.commitAll();
        }
    }

    /**
     * Decrypts one encrypted fragment with its own key alone (a sampled {@code k_e} the artist
     * revealed on chain) into {@code out}, which must not exist. A fragment of a file with a header
     * segment (FLAC, Ogg, fMP4) is written after that header, so {@code out} plays on its own. Checks, before {@code out} gets
     * its name: the key's address is the manifest's {@code keyAddress} for fragment e, every
     * stored fragment hash of the archive (so this fragment's age file is the one the manifest
     * hash commits to), every age chunk of the fragment, its plaintext size, and, when the
     * fragment is a whole file, the file's SHA-256. (The stored hash already fixes the plaintext:
     * the key determines the age file key, and the ciphertext then decrypts one way only.)
     *
     * @throws InvalidKeyException if the key's address is not fragment e's (a wrong key or index)
     * @throws IntegrityException if the fragment does not open with its key or its hashes disagree:
     *     the archive does not hold what it claims, and the release is suspect
     * @throws java.nio.file.FileAlreadyExistsException if {@code out} exists
     */
    public static DecryptedFragment decryptFragment(Path archive, FragmentKeys key, Path out) throws IOException, GeneralSecurityException {
        AtomicFiles.requireAbsent(out);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), BUFFER)) {
            ArchiveScanner scanner = new ArchiveScanner(in);
            Manifest m = scanner.readManifest();
            List<Manifest.EncryptedFragment> all = m.encryptedFragments();
            if (key.index() >= all.size()) {
                throw new InvalidKeyException("the key is for encrypted fragment " + key.index() + " but this archive has " + all.size()
                        + " (0.." + (all.size() - 1) + "); check the fragment index");
            }
            Manifest.EncryptedFragment target = all.get(key.index());
            requireKeyAddress(target, key, "the given fragment key");
            Path temp = AtomicFiles.createTemp(out, false);
            String[] plainSha256 = new String[1];
            Manifest.FileEntry file = m.files().get(target.fileIndex());
            long[] headerBytes = new long[1];
            try {
                AgeIdentity identity = key.ageIdentity();
                try {
                    scanner.scan((fi, j, stored) -> {
                        if (fi != target.fileIndex()) return;
                        if (j == 0 && file.hasHeaderFragment()) {
                            // Fragment 0 comes first and is plaintext: the sample plays only after it.
                            try (var o = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
                                headerBytes[0] = stored.transferTo(o);
                            }
                        }
                        if (j == target.fragmentIndex()) plainSha256[0] = decryptTo(stored, identity, target, temp);
                    });
                } finally {
                    identity.destroy();
                }
                boolean wholeFile = file.fragments().size() == 1;
                if (wholeFile && !plainSha256[0].equals(file.sha256())) {
                    throw new IntegrityException(describe(target) + " decrypts to SHA-256 " + plainSha256[0] + " but the manifest commits to " + file.sha256()
                            + " for the whole file; the release is suspect");
                }
                AtomicFiles.commitNew(temp, out);
                return new DecryptedFragment(target, out, plainSha256[0], wholeFile, headerBytes[0]);
            } finally {
                AtomicFiles.discard(temp);
            }
        }
    }

    /**
     * What {@link #decryptFragment} checked and wrote.
     *
     * @param fragment the fragment, as the manifest lists it
     * @param output the plaintext file written
     * @param plaintextSha256 SHA-256 of the plaintext, hex
     * @param fileHashVerified true if the fragment is a whole file and matched the file's SHA-256
     * @param headerBytes the length of the file's header segment written in front of the fragment, so the output plays; 0 if it has none
     */
    public record DecryptedFragment(Manifest.EncryptedFragment fragment, Path output, String plaintextSha256, boolean fileHashVerified, long headerBytes) {}

    private static String decryptTo(InputStream stored, AgeIdentity identity, Manifest.EncryptedFragment f, Path temp) throws IOException {
        MessageDigest sha256 = sha256();
        long written = 0;
        ReadableByteChannel plain;
        try {
            plain = AgeDecryptingChannel.open(stored, identity);
        } catch (GeneralSecurityException e) {
            throw new IntegrityException(describe(f) + " does not open with its own key (" + e.getMessage()
                    + "): it was not sealed to the recipient of the key the manifest names; the release is suspect", e);
        }
        try (plain; var out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.allocate(BUFFER);
            while (plain.read(buf.clear()) >= 0) {
                buf.flip();
                written += buf.remaining();
                if (written > f.size()) throw new IntegrityException(describe(f) + " decrypts to more than its " + f.size() + " bytes");
                sha256.update(buf.duplicate());
                while (buf.hasRemaining()) out.write(buf);
            }
        } catch (IntegrityException e) {
            throw e;
        } catch (IOException e) {
            throw new IntegrityException(describe(f) + " failed to decrypt and authenticate with its own key: " + e.getMessage() + "; the release is suspect", e);
        }
        if (written != f.size()) throw new IntegrityException(describe(f) + " holds " + written + " bytes, the manifest says " + f.size());
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void requireKeyAddress(Manifest.EncryptedFragment f, FragmentKeys k, String source) throws IOException, GeneralSecurityException {
        if (k.keyAddress().equals(f.keyAddress())) return;
        if (source.equals("the release secret")) {
            throw new IntegrityException(describe(f) + " has keyAddress " + f.keyAddress() + " but the release secret derives " + k.keyAddress()
                    + "; the archive was not packed by a conforming packer (its fragment tree commits to keys nobody can reveal)");
        }
        throw new InvalidKeyException(source + " has address " + k.keyAddress() + " but the manifest's keyAddress for encrypted fragment " + f.index()
                + " is " + f.keyAddress() + "; give the key published for that fragment, or the right fragment index");
    }

    private static String describe(Manifest.EncryptedFragment f) {
        return "encrypted fragment " + f.index() + " (" + f.path() + " fragment " + f.fragmentIndex() + ", bytes " + f.offset() + ".." + (f.offset() + f.size()) + ")";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /**
     * Writes every plaintext preview fragment under {@code outDir}, verified; needs no key. A file
     * with a header segment (FLAC, Ogg, fMP4) has each preview written as header + segment, so it
     * plays on its own; the header alone, which holds no media, is not written.
     */
    public static List<Path> extractPreviews(Path archive, Path outDir) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), BUFFER);
                StagedOutputs outputs = new StagedOutputs(outDir);
                HeaderSegment header = new HeaderSegment()) {
            ArchiveScanner scanner = new ArchiveScanner(in);
            Manifest m = scanner.readManifest();
            scanner.scan((fi, j, stored) -> {
                Manifest.FileEntry f = m.files().get(fi);
                if (f.hasHeaderFragment() && j == 0) {
                    header.keep(fi, stored, outDir.resolve(".header"));
                    return;
                }
                if (!f.fragments().get(j).preview()) return;
                Path temp = outputs.stage(previewName(f, j));
                try (var out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
                    if (f.hasHeaderFragment()) header.writeTo(fi, out);
                    stored.transferTo(out);
                }
            });
            return outputs.commitAll();
        }
    }

    /** The whole file's path if it is a single preview fragment, else {@code dir/stem.preview-J.ext}. */
    static String previewName(Manifest.FileEntry f, int j) {
        if (f.fragments().size() == 1) return f.path();
        int slash = f.path().lastIndexOf('/');
        int dot = f.path().lastIndexOf('.');
        String stem = dot > slash + 1 ? f.path().substring(0, dot) : f.path();
        return stem + ".preview-" + j + "." + MediaTypes.extension(f.mediaType());
    }

    /** Reassembles files fragment by fragment into staged temp files, checking plaintext sizes and file hashes. */
    private static final class FileWriter {
        private final Manifest manifest;
        private final StagedOutputs outputs;
        /** identities.get(e) opens encrypted fragment e. */
        private final List<AgeIdentity> identities;
        private int encrypted;
        private final ProgressListener progress;
        private final long total;
        /** The plaintext hash may still read DEPTH earlier buffers, so one more rotates. */
        private final ByteBuffer[] bufs = new ByteBuffer[BackgroundDigest.DEPTH + 1];
        private int turn;
        private DiskWriter current;
        private BackgroundDigest fileHash;
        private long done;

        FileWriter(Manifest manifest, StagedOutputs outputs, List<AgeIdentity> identities, ProgressListener progress, long total) {
            this.manifest = manifest;
            this.outputs = outputs;
            this.identities = identities;
            this.progress = progress;
            this.total = total;
            for (int i = 0; i < bufs.length; i++) bufs[i] = ByteBuffer.allocate(BUFFER);
        }

        void fragment(int fi, int j, InputStream stored) throws IOException {
            Manifest.FileEntry f = manifest.files().get(fi);
            Manifest.Fragment frag = f.fragments().get(j);
            if (j == 0) {
                Path temp = outputs.stage(f.path());
                current = DiskWriter.open(temp, true);
                fileHash = new BackgroundDigest();
            }
            ReadableByteChannel plain = frag.preview() ? new StreamChannel(stored) : decrypting(stored, f, j);
            long written = 0;
            try {
                while (true) {
                    // Rotate only after a hand-off: the digest thread may still read the earlier buffers.
                    ByteBuffer buf = bufs[turn % bufs.length];
                    buf.clear();
                    int n = fill(plain, buf);
                    if (n < 0) break;
                    turn++;
                    written += n;
                    if (written > frag.size()) throw new IntegrityException(f.path() + " fragment " + j + " decrypts to more than its " + frag.size() + " bytes");
                    buf.flip();
                    fileHash.update(buf);
                    while (buf.hasRemaining()) current.write(buf);
                    done += n;
                    progress.progress(done, total);
                }
            } catch (IOException e) {
                plain.close();
                if (frag.preview() || e instanceof IntegrityException) throw e;
                throw new IntegrityException(f.path() + " fragment " + j + " failed to decrypt and authenticate: " + e.getMessage()
                        + "; the archive may be corrupted or tampered with", e);
            }
            plain.close(); // forgets the payload key
            if (written != frag.size()) throw new IntegrityException(f.path() + " fragment " + j + " holds " + written + " bytes, the manifest says " + frag.size());
            if (j == f.fragments().size() - 1) {
                String actual = HexFormat.of().formatHex(fileHash.digest());
                closeCurrent();
                if (!actual.equals(f.sha256())) {
                    throw new IntegrityException(f.path() + " reassembles to SHA-256 " + actual + " but the manifest commits to " + f.sha256());
                }
            }
        }

        private ReadableByteChannel decrypting(InputStream stored, Manifest.FileEntry f, int j) throws IOException {
            int e = encrypted++;
            try {
                return AgeDecryptingChannel.open(stored, identities.get(e));
            } catch (GeneralSecurityException ex) {
                throw new IntegrityException(f.path() + " fragment " + j + " (encrypted fragment " + e + "): the age header does not open with its fragment identity ("
                        + ex.getMessage() + "); the archive may be tampered with", ex);
            }
        }

        /** Reads until the buffer is full or the channel ends, so hashing and writing work on large blocks. */
        private static int fill(ReadableByteChannel ch, ByteBuffer buf) throws IOException {
            int total = 0;
            while (buf.hasRemaining()) {
                int n = ch.read(buf);
                if (n < 0) return total == 0 ? -1 : total;
                total += n;
            }
            return total;
        }

        void closeCurrent() throws IOException {
            if (fileHash != null) {
                fileHash.close();
                fileHash = null;
            }
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }

    /** The derived fragment identities, destroyed however the extraction ends. */
    private static final class Identities implements AutoCloseable {
        final List<AgeIdentity> list = new ArrayList<>();

        @Override
        public void close() {
            list.forEach(AgeIdentity::destroy);
        }
    }

}
