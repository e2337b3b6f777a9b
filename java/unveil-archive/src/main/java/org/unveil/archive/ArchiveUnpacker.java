package org.unveil.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
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
import org.unveil.archive.internal.MediaTypes;
import org.unveil.archive.internal.StagedOutputs;
import org.unveil.archive.internal.DiskWriter;
import org.unveil.archive.keys.ReleaseSecret;

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
                AgeIdentityHolder identity = new AgeIdentityHolder(AgeIdentity.fromSecret(secret))) {
            ArchiveScanner scanner = new ArchiveScanner(in);
            Manifest m = scanner.readManifest();
            byte[] expected = HexFormat.of().parseHex(m.secret().publicKey());
            if (!MessageDigest.isEqual(expected, secret.publicKey())) {
                throw new InvalidKeyException("the secret does not belong to this archive: its public key is "
                        + HexFormat.of().formatHex(secret.publicKey()) + " but the manifest's S is " + m.secret().publicKey());
            }
            if (!identity.get().recipient().equals(m.secret().ageRecipient())) {
                throw new ArchiveFormatException("manifest age recipient " + m.secret().ageRecipient() + " is not the one derived from S's secret ("
                        + identity.get().recipient() + "); the archive was not packed by a conforming packer");
            }
            long total = m.files().stream().mapToLong(Manifest.FileEntry::size).sum();
            FileWriter writer = new FileWriter(m, outputs, identity.get(), progress, total);
            try {
                scanner.scan(writer::fragment);
            } finally {
                writer.closeCurrent();
            }
            return outputs.commitAll();
        }
    }

    /** Writes every plaintext preview fragment under {@code outDir}, verified; needs no key. */
    public static List<Path> extractPreviews(Path archive, Path outDir) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), BUFFER);
                StagedOutputs outputs = new StagedOutputs(outDir)) {
            ArchiveScanner scanner = new ArchiveScanner(in);
            Manifest m = scanner.readManifest();
            scanner.scan((fi, j, stored) -> {
                Manifest.FileEntry f = m.files().get(fi);
                if (!f.fragments().get(j).preview()) return;
                Path temp = outputs.stage(previewName(f, j));
                try (var out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
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
        private final AgeIdentity identity;
        private final ProgressListener progress;
        private final long total;
        /** The plaintext hash may still read DEPTH earlier buffers, so one more rotates. */
        private final ByteBuffer[] bufs = new ByteBuffer[BackgroundDigest.DEPTH + 1];
        private int turn;
        private DiskWriter current;
        private BackgroundDigest fileHash;
        private long done;

        FileWriter(Manifest manifest, StagedOutputs outputs, AgeIdentity identity, ProgressListener progress, long total) {
            this.manifest = manifest;
            this.outputs = outputs;
            this.identity = identity;
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
            try {
                return AgeDecryptingChannel.open(stored, identity);
            } catch (GeneralSecurityException e) {
                throw new IntegrityException(f.path() + " fragment " + j + ": the age header does not open with this release's identity ("
                        + e.getMessage() + "); the archive may be tampered with", e);
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

    /** Destroys the derived identity however the extraction ends. */
    private record AgeIdentityHolder(AgeIdentity get) implements AutoCloseable {
        @Override
        public void close() {
            get.destroy();
        }
    }

}
