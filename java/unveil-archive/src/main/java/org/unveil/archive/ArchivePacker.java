package org.unveil.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.unveil.archive.internal.ArchiveLayoutWriter;
import org.unveil.archive.internal.AtomicFiles;
import org.unveil.archive.internal.FragmentPlanner;
import org.unveil.archive.internal.ManifestRules;
import org.unveil.archive.internal.MediaTypes;
import org.unveil.archive.internal.ShareDealer;
import org.unveil.archive.keys.ReleaseSecret;

/**
 * Packs files into a release archive (spec/archive-format.md): generates the release secret s,
 * shares it to every keyholder group, cuts and encrypts the files, and writes the archive
 * atomically. s is never written into the archive; it is returned in the {@link PackResult} for the
 * artist to keep. Build with {@link #builder()}.
 */
public final class ArchivePacker {
    private final ReleaseTerms terms;
    private final String license;
    private final List<FileSpec> files;
    private final List<Integer> thresholds;
    private final List<List<byte[]>> keyholders;
    private final SecureRandom random;
    private final ProgressListener progress;
    private final Path secretFile;
    private final ArchiveTap tap;

    private ArchivePacker(Builder b) {
        this.terms = Objects.requireNonNull(b.terms, "release terms required");
        this.license = Objects.requireNonNull(b.license, "license required");
        this.files = List.copyOf(b.files);
        this.thresholds = List.copyOf(b.thresholds);
        this.keyholders = b.keyholders.stream().map(l -> List.copyOf(l)).toList();
        this.random = b.random;
        this.progress = b.progress;
        this.secretFile = b.secretFile;
        this.tap = b.tap;
        if (files.isEmpty()) throw new IllegalArgumentException("no input files");
        if (thresholds.isEmpty()) throw new IllegalArgumentException("no keyholder group; add at least one");
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes the archive to {@code out} (replacing it atomically) and returns the manifest and s.
     * On failure nothing is left under {@code out}'s name.
     */
    public PackResult pack(Path out) throws IOException {
        List<ArchiveLayoutWriter.Source> sources = new ArrayList<>();
        List<Manifest.FileEntry> planned = new ArrayList<>();
        for (FileSpec f : files) {
            if (!Files.isRegularFile(f.source())) throw new java.nio.file.NoSuchFileException(f.source().toString(), null, "not a regular file");
            long size = Files.size(f.source());
            List<Long> starts = FragmentPlanner.starts(f.source(), size, f.cut());
            for (int p : f.previews()) {
                if (p >= starts.size()) {
                    throw new IllegalArgumentException(f.path() + " has " + starts.size() + " fragment(s) (0.." + (starts.size() - 1)
                            + "); preview index " + p + " does not exist");
                }
            }
            Manifest.FileEntry e = ArchiveLayoutWriter.plannedEntry(f.path(), MediaTypes.forPath(f.path()), size, starts, f.previews());
            planned.add(e);
            sources.add(new ArchiveLayoutWriter.Source(f.source(), e));
        }
        ReleaseSecret secret = ReleaseSecret.generate(random);
        AgeIdentity identity = AgeIdentity.fromSecret(secret);
        Path temp = null;
        try {
            List<Manifest.Group> groups = ShareDealer.deal(secret, terms, thresholds, keyholders, random);
            Manifest.Secret info = new Manifest.Secret(java.util.HexFormat.of().formatHex(secret.publicKey()), secret.address(), identity.recipient());
            Manifest plan = new Manifest(Manifest.VERSION, terms, license, info, groups, planned);
            try {
                ManifestRules.validate(plan);
            } catch (ArchiveFormatException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            temp = AtomicFiles.createTemp(out, false);
            ArchiveLayoutWriter.Written written = ArchiveLayoutWriter.write(temp, plan, sources, identity.recipient(), random, progress, tap);
            Manifest manifest = written.manifest();
            // The artist's copy of s lands before the archive does: an archive must never exist without it.
            if (secretFile != null) SecretFile.write(secretFile, secret, manifest.sha256Hex());
            AtomicFiles.commit(temp, out);
            return new PackResult(manifest, manifest.sha256Hex(), secret, written.manifestOffset(), written.manifestLength());
        } catch (IOException | RuntimeException e) {
            secret.destroy();
            throw e;
        } finally {
            identity.destroy();
            if (temp != null) Files.deleteIfExists(temp);
        }
    }

    /** Options for {@link ArchivePacker}; terms, license, files and groups are required. */
    public static final class Builder {
        private ReleaseTerms terms;
        private String license;
        private final List<FileSpec> files = new ArrayList<>();
        private final List<Integer> thresholds = new ArrayList<>();
        private final List<List<byte[]>> keyholders = new ArrayList<>();
        private SecureRandom random = new SecureRandom();
        private ProgressListener progress = ProgressListener.NONE;
        private Path secretFile;
        private ArchiveTap tap = ArchiveTap.NONE;

        private Builder() {}

        /** Show every archive byte to {@code tap} as it is written (see {@link ArchiveTap}). */
        public Builder tap(ArchiveTap tap) {
            this.tap = Objects.requireNonNull(tap, "tap required (use ArchiveTap.NONE)");
            return this;
        }

        /** Also save s to this file ({@link SecretFile}, mode 0600) before the archive is renamed into place. */
        public Builder secretFile(Path secretFile) {
            this.secretFile = secretFile;
            return this;
        }

        public Builder terms(ReleaseTerms terms) {
            this.terms = terms;
            return this;
        }

        public Builder license(String license) {
            this.license = license;
            return this;
        }

        public Builder file(FileSpec file) {
            files.add(Objects.requireNonNull(file, "file required"));
            return this;
        }

        /** A keyholder group: s shared {@code threshold}-of-{@code publicKeys.size()}, one share per 33-byte release public key. */
        public Builder group(int threshold, List<byte[]> publicKeys) {
            thresholds.add(threshold);
            keyholders.add(publicKeys.stream().map(byte[]::clone).toList());
            return this;
        }

        /** The randomness for s, the share envelopes and the age keys and nonces (a seeded one makes packs byte-reproducible). */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random required");
            return this;
        }

        public Builder progress(ProgressListener progress) {
            this.progress = Objects.requireNonNull(progress, "progress listener required");
            return this;
        }

        public ArchivePacker build() {
            return new ArchivePacker(this);
        }
    }
}
