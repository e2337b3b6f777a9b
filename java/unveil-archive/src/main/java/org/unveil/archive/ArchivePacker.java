package org.unveil.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.unveil.archive.internal.ArchiveLayoutWriter;
import org.unveil.archive.internal.FragmentPlanner;
import org.unveil.archive.internal.ManifestRules;
import org.unveil.archive.internal.MediaTypes;
import org.unveil.archive.internal.ShareDealer;
import org.unveil.archive.keys.ReleaseSecret;
import org.unveil.io.AtomicFiles;

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
    private final Map<Path, byte[]> keyFiles;
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
        this.keyFiles = b.keyFiles;
        this.tap = b.tap;
        if (files.isEmpty()) throw new IllegalArgumentException("no input files");
        if (thresholds.isEmpty()) throw new IllegalArgumentException("no keyholder group; add at least one");
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes the archive to {@code out} (replacing it atomically) and returns the manifest and s.
     * The secret file and the key files are never replaced: if one exists, this fails before any
     * work starts. All of them are published together once the archive is complete; on failure
     * (or when the JVM exits midway) nothing is left: no archive under {@code out}'s name, no
     * secret file, no key file, no temp file.
     *
     * @throws java.nio.file.FileAlreadyExistsException if the secret file or a key file exists
     */
    public PackResult pack(Path out) throws IOException {
        if (secretFile != null) AtomicFiles.requireAbsent(secretFile);
        for (Path k : keyFiles.keySet()) AtomicFiles.requireAbsent(k);
        List<ArchiveLayoutWriter.Source> sources = new ArrayList<>();
        List<Manifest.FileEntry> planned = new ArrayList<>();
        for (FileSpec f : files) {
            if (!Files.isRegularFile(f.source())) throw new java.nio.file.NoSuchFileException(f.source().toString(), null, "not a regular file");
            long size = Files.size(f.source());
            FragmentPlanner.Plan cut = FragmentPlanner.plan(f.source(), f.path(), size, f.cut());
            int count = cut.starts().size();
            for (int p : f.previews()) {
                if (p >= count) {
                    throw new IllegalArgumentException(f.path() + " has " + count + " fragment(s) (0.." + (count - 1) + "); preview index " + p + " does not exist");
                }
            }
            Manifest.FileEntry e = ArchiveLayoutWriter.plannedEntry(f.path(), mediaType(f.path(), cut), size, cut, f.previews());
            planned.add(e);
            sources.add(new ArchiveLayoutWriter.Source(f.source(), e));
        }
        int fragmentCount = 0;
        for (Manifest.FileEntry e : planned) for (Manifest.Fragment x : e.fragments()) if (!x.preview()) fragmentCount++;
        if (fragmentCount == 0) {
            throw new IllegalArgumentException("every fragment is a preview, so nothing would be encrypted: a release needs at least one encrypted"
                    + " fragment for the chain to sample and the keyholders to release; preview fewer fragments");
        }
        ReleaseSecret secret = ReleaseSecret.generate(random);
        try (AtomicFiles.Batch outputs = new AtomicFiles.Batch()) {
            // One key per encrypted fragment, so the chain can sample fragments whose keys the artist must reveal.
            // Each costs two base-point multiplications (about 0.1 ms), so thousands are derived on every core.
            String[] keyAddresses = new String[fragmentCount];
            String[] recipients = new String[fragmentCount];
            java.util.stream.IntStream.range(0, fragmentCount).parallel().forEach(e -> {
                FragmentKeys k = FragmentKeys.derive(secret, e);
                try {
                    keyAddresses[e] = k.keyAddress();
                    recipients[e] = k.recipient();
                } finally {
                    k.destroy();
                }
            });
            List<Manifest.Group> groups = ShareDealer.deal(secret, terms, thresholds, keyholders, random);
            Manifest.Secret info = new Manifest.Secret(java.util.HexFormat.of().formatHex(secret.publicKey()), secret.address());
            Manifest plan = new Manifest(Manifest.VERSION, terms, license, info, groups, ArchiveLayoutWriter.withKeyAddresses(planned, List.of(keyAddresses)));
            try {
                ManifestRules.validate(plan);
            } catch (ArchiveFormatException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            List<ArchiveLayoutWriter.Source> keyed = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) keyed.add(new ArchiveLayoutWriter.Source(sources.get(i).file(), plan.files().get(i)));
            Path temp = outputs.stageReplacing(out, false);
            ArchiveLayoutWriter.Written written = ArchiveLayoutWriter.write(temp, plan, keyed, List.of(recipients), random, progress, tap);
            Manifest manifest = written.manifest();
            // The artist's copy of s is published with the archive, never after it: an archive must never exist without it.
            if (secretFile != null) {
                byte[] content = SecretFile.content(secret, manifest.sha256Hex());
                try {
                    outputs.stageNew(secretFile, content);
                } finally {
                    Arrays.fill(content, (byte) 0);
                }
            }
            for (Map.Entry<Path, byte[]> k : keyFiles.entrySet()) outputs.stageNew(k.getKey(), k.getValue());
            outputs.commit();
            return new PackResult(manifest, manifest.sha256Hex(), secret, written.manifestOffset(), written.manifestLength());
        } catch (IOException | RuntimeException e) {
            secret.destroy();
            throw e;
        }
    }

    /** The type its name gives, or for a media-cut file the format's when the name gives none (a preview then gets the right extension). */
    private static String mediaType(String path, FragmentPlanner.Plan cut) {
        String byName = MediaTypes.forPath(path);
        if (cut.media() == null || !byName.equals(MediaTypes.OCTET_STREAM)) return byName;
        return org.unveil.archive.internal.media.MediaCutters.named(cut.media().format()).mediaType();
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
        private final Map<Path, byte[]> keyFiles = new LinkedHashMap<>();
        private ArchiveTap tap = ArchiveTap.NONE;

        private Builder() {}

        /** Show every archive byte to {@code tap} as it is written (see {@link ArchiveTap}). */
        public Builder tap(ArchiveTap tap) {
            this.tap = Objects.requireNonNull(tap, "tap required (use ArchiveTap.NONE)");
            return this;
        }

        /** Also save s to this new file ({@link SecretFile}, mode 0600), published with the archive; an existing file is never replaced. */
        public Builder secretFile(Path secretFile) {
            this.secretFile = secretFile;
            return this;
        }

        /**
         * Also write this new secret file (for example a generated test keyholder's release key;
         * {@code content} is copied) with the archive: mode 0600, never replacing an existing file,
         * published only if the whole pack succeeds.
         */
        public Builder keyFile(Path file, byte[] content) {
            if (keyFiles.put(Objects.requireNonNull(file, "key file path required"), content.clone()) != null) {
                throw new IllegalArgumentException("key file " + file + " given twice");
            }
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
