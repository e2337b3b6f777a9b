package org.unveil.cli;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.archive.ArchivePacker;
import org.unveil.archive.FileSpec;
import org.unveil.archive.PackResult;
import org.unveil.archive.keys.GroupSpec;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.UnixFsCidBuilder;
import org.unveil.ipfs.UnixFsProfile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code unveil pack}: the artist packs a release archive and keeps the secret s. */
@Command(name = "pack", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pack files into a release archive and save the release secret (artist).", "",
            "The archive is a reproducible tar with manifest.json first, plaintext previews and age-encrypted fragments. "
                + "Pack generates the release secret s, shares it M-of-N with every keyholder group, and saves your copy of s "
                + "(mode 0600) next to the archive; s is never in the archive, and an existing secret file is never replaced.", "",
            "Fragments: a file is one fragment unless cut. --cut song.mp3:mp3 cuts on MP3 frame boundaries into segments of at "
                + "least 30 s (song.mp3:mp3:20 for 20 s) that each play on their own; likewise track.flac:flac, song.opus:ogg "
                + "(Ogg Opus or Vorbis), film.ts:ts and film.mp4:fmp4. The format is checked against the file's content. FLAC, "
                + "Ogg and fMP4 get a header fragment 0 (codec headers, no media), always stored in plaintext, which previews "
                + "and samples are written after so they play. --cut film.mkv:64MiB cuts every 64 MiB "
                + "(K, M, G suffixes). Fragments are numbered from 0. --preview song.mp3:0 stores fragment 0 in plaintext "
                + "(song.mp3:0,2 for several); --preview notes.txt stores an uncut file whole in plaintext. Options name a file "
                + "by its path in the archive or by the path you gave it as.", "",
            "Keyholders: one --keyholder release public key per share, assigned in order to the groups (--group 2/3 --group 3/5 "
                + "takes 8 keys). --test-keyholders DIR instead generates local release keys into DIR, one <group>-<share>.key "
                + "file each (raw hex, mode 0600), for demos and tests.", "",
            "Amounts take 2eth, 100gwei, a whole number of wei, or for a token release base units or 2.5USDC. Deadlines take a "
                + "duration from now (7d, 12h) or a date or instant (2027-01-31, 2027-01-31T12:00:00Z)."})
final class PackCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The archive to write (an earlier archive is replaced atomically; its secret file never is).")
    Path out;

    @Option(names = "--preview", paramLabel = "PATH[:I,J...]", description = "Store these fragments (or the whole uncut file) in plaintext.")
    List<String> previews;

    @Option(names = "--cut", paramLabel = "PATH:FORMAT[:S]|PATH:BYTES", description = "Cut a file (see above).")
    List<String> cuts;

    @Option(names = "--group", paramLabel = "M/N", description = "A keyholder group: M of N shares rebuild s (default: one group 2/3).")
    List<String> groups;

    @Option(names = "--keyholder", paramLabel = "PUBKEY_HEX", description = "A keyholder's release public key (33-byte compressed, hex).")
    List<String> keyholders;

    @Option(names = "--test-keyholders", paramLabel = "DIR", description = "Generate local test keyholder keys into DIR instead of --keyholder.")
    Path testKeyholders;

    @Option(names = "--secret-out", paramLabel = "FILE", description = "Where to save s (default: the archive path + .secret); an existing file is never replaced.")
    Path secretOut;

    @Option(names = "--license", paramLabel = "TEXT", description = "License terms; they apply only if the release contract is fulfilled.")
    String license;

    @Mixin ReleaseTermsOptions terms = new ReleaseTermsOptions();

    @Option(names = "--progress", description = "Show progress on stderr even when it is not a terminal.")
    boolean progress;

    @Option(names = "--cid-profile", paramLabel = "PROFILE", defaultValue = "unixfs-v1-2025",
            description = "UnixFS layout of the printed IPFS CID: unixfs-v1-2025 (default) or kubo-legacy; `unveil ipfs add` with the same profile stores exactly this DAG.")
    String cidProfile;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Parameters(paramLabel = "INPUT", arity = "1..*", description = "Files or directories to pack.")
    List<Path> inputs;

    @Override
    public Integer call() throws Exception {
        // picocli leaves a repeatable option's list null when the option is absent.
        previews = orEmpty(previews);
        cuts = orEmpty(cuts);
        groups = orEmpty(groups);
        keyholders = orEmpty(keyholders);
        Path secretFile = secretOut != null ? secretOut : out.resolveSibling(out.getFileName() + ".secret");
        refuseToReplace(secretFile);
        List<FileSpec> files = PackInputs.resolve(inputs, cuts, previews);
        List<GroupSpec> specs = (groups.isEmpty() ? List.of("2/3") : groups).stream().map(GroupSpec::parse).toList();
        int needed = specs.stream().mapToInt(GroupSpec::size).sum();
        SecureRandom random = new SecureRandom();
        // Every option is checked before anything is generated or written.
        var ts = terms.toTerms(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        List<byte[]> keys = keyholderKeys(needed, random);
        // The archive's IPFS CID is hashed on the disk-writer thread as the bytes go out, not by reading the archive back.
        UnixFsCidBuilder cid = new UnixFsCidBuilder(UnixFsProfile.parse(cidProfile));
        ArchivePacker.Builder b = ArchivePacker.builder().terms(ts).random(random).tap(cid::update)
                .license(license != null ? license : defaultLicense(ts.chainId(), ts.release()))
                .progress(ProgressBar.forCommand(spec.commandLine().getErr(), "packing", progress));
        files.forEach(b::file);
        // Generated test keys are written by the packer with the archive and the secret, all or nothing.
        testKeys.forEach(b::keyFile);
        testKeys.values().forEach(raw -> java.util.Arrays.fill(raw, (byte) 0));
        int k = 0;
        for (GroupSpec g : specs) {
            b.group(g.threshold(), keys.subList(k, k + g.size()));
            k += g.size();
        }
        boolean keyDirExisted = testKeyholders == null || Files.exists(testKeyholders);
        PackResult r;
        try {
            r = b.secretFile(secretFile).build().pack(out);
        } catch (Exception e) {
            if (!keyDirExisted) removeIfEmpty(testKeyholders); // a failed pack leaves nothing, not even the key directory it made
            throw e;
        }
        r.secret().destroy();
        // Risky choices are said now, while the artist can still change them, not first by `inspect`.
        for (String w : org.unveil.archive.Inspection.artistWarnings(r.manifest())) {
            spec.commandLine().getErr().println("unveil: warning: " + w);
        }
        spec.commandLine().getErr().flush();
        print(r, secretFile, archiveCid(cid, r));
        return 0;
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }

    static String defaultLicense(long chainId, String release) {
        return "This work is licensed under CC BY 4.0 only if release contract " + release + " on chain " + chainId
                + " is fulfilled (reaches the Released state). Otherwise no license is granted and plain copyright applies.";
    }

    /**
     * Refuses, before any work, to replace the secret file or a test key file: either may be the
     * only copy of an earlier release's secret. (The packer checks again and publishes them with
     * a link that never replaces, so a race cannot overwrite one either.)
     */
    private void refuseToReplace(Path secretFile) throws java.io.IOException {
        if (Files.exists(secretFile, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new java.nio.file.FileAlreadyExistsException(secretFile + " exists: it may be the only copy of an earlier release's secret."
                    + " Choose another --out or --secret-out, or move the file away");
        }
        if (testKeyholders == null) return;
        for (Path f : testKeyFiles()) {
            if (Files.exists(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new java.nio.file.FileAlreadyExistsException(f + " exists: it may be the only copy of an earlier release's keyholder key."
                        + " Choose another --test-keyholders directory, or move the key files away");
            }
        }
    }

    private static void removeIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (java.io.IOException notEmptyOrGone) {
            // something else is in it now: not ours to remove
        }
    }

    /** Where --test-keyholders puts each generated key: DIR/<group>-<share>.key. */
    private List<Path> testKeyFiles() {
        List<Path> files = new ArrayList<>();
        List<GroupSpec> specs = (groups.isEmpty() ? List.of("2/3") : groups).stream().map(GroupSpec::parse).toList();
        for (int g = 0; g < specs.size(); g++) {
            for (int i = 1; i <= specs.get(g).size(); i++) files.add(testKeyholders.resolve(g + "-" + i + ".key"));
        }
        return files;
    }

    /** Test keys generated by {@link #keyholderKeys}, by file, as the file's bytes (raw hex); wiped once handed to the packer. */
    private final Map<Path, byte[]> testKeys = new LinkedHashMap<>();

    private List<byte[]> keyholderKeys(int needed, SecureRandom random) throws java.io.IOException {
        if (testKeyholders != null && !keyholders.isEmpty()) throw new IllegalArgumentException("give either --keyholder or --test-keyholders, not both");
        if (testKeyholders == null) {
            if (keyholders.size() != needed) {
                throw new IllegalArgumentException("the groups " + groups + " need " + needed + " keyholder public keys, got " + keyholders.size()
                        + " --keyholder; or use --test-keyholders DIR for a demo");
            }
            return keyholders.stream().map(h -> HexFormat.of().parseHex(h.startsWith("0x") ? h.substring(2) : h)).toList();
        }
        List<byte[]> pubs = new ArrayList<>();
        for (Path f : testKeyFiles()) {
            ReleaseKey key = ReleaseKey.random(random);
            byte[] raw = key.bytes();
            try {
                testKeys.put(f, (HexFormat.of().formatHex(raw) + "\n").getBytes(StandardCharsets.US_ASCII));
                pubs.add(key.publicKey());
            } finally {
                java.util.Arrays.fill(raw, (byte) 0);
                key.destroy();
            }
        }
        return pubs;
    }

    /**
     * The CID the archive gets on IPFS (hashing only: blocks are stored by `unveil ipfs add`). The
     * tap saw manifest.json as a placeholder, so the chunks holding it are hashed again from the file.
     */
    private Cid archiveCid(UnixFsCidBuilder cid, PackResult r) throws java.io.IOException {
        long size = Files.size(out);
        int chunk = cid.chunkSize();
        try (FileChannel archive = FileChannel.open(out, StandardOpenOption.READ)) {
            for (long i = r.manifestOffset() / chunk; i <= (r.manifestOffset() + r.manifestLength() - 1) / chunk; i++) {
                ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(chunk, size - i * chunk));
                while (bytes.hasRemaining()) {
                    if (archive.read(bytes, i * chunk + bytes.position()) < 0) throw new java.io.EOFException(out + " shrank while its CID was computed");
                }
                cid.rehashChunk(i, bytes.array());
            }
        }
        return cid.finish();
    }

    private void print(PackResult r, Path secretFile, Cid cid) {
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("archive", out.toString());
            m.put("manifestSha256", r.manifestSha256());
            m.put("cid", cid.toString());
            m.put("cidProfile", cidProfile);
            m.put("secretFile", secretFile.toString());
            m.put("secretPublicKey", r.manifest().secret().publicKey());
            m.put("secretAddress", r.manifest().secret().address());
            m.put("encryptedFragments", r.manifest().fragmentCount());
            m.put("fragmentRoot", r.manifest().fragmentTree().rootHex());
            m.put("sampleCount", r.manifest().terms().sampleCount());
            m.put("files", r.manifest().files().size());
            m.put("groups", r.manifest().groups().size());
            Json.print(o, m);
            return;
        }
        o.println("archive          " + out);
        o.println("manifest sha256  " + r.manifestSha256());
        o.println("ipfs cid         " + cid + " (" + cidProfile + ")");
        o.println("secret S         " + r.manifest().secret().publicKey() + " (" + r.manifest().secret().address() + ")");
        o.println("fragment root    " + r.manifest().fragmentTree().rootHex() + " (" + r.manifest().fragmentCount() + " encrypted fragments, "
                + Math.min(r.manifest().terms().sampleCount(), r.manifest().fragmentCount()) + " sampled before pledging)");
        o.println("secret saved to  " + secretFile + " (mode 0600; keep it private, it decrypts the release)");
        o.flush();
    }
}
