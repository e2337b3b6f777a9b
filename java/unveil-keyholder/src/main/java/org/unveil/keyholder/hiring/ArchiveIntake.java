package org.unveil.keyholder.hiring;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.unveil.archive.ArchiveFormatException;
import org.unveil.archive.ArchiveReader;
import org.unveil.archive.IntegrityException;
import org.unveil.archive.Manifest;
import org.unveil.eth.hiring.HiringDomain;
import org.unveil.eth.hiring.HiringMessageException;
import org.unveil.eth.hiring.RefusalCode;
import org.unveil.ipfs.BlockNotFoundException;
import org.unveil.ipfs.CarImport;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.DagScope;
import org.unveil.ipfs.DagWalker;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.InvalidBlockException;
import org.unveil.ipfs.UnixFsExporter;
import org.unveil.keyholder.store.AcceptedOffer;
import org.unveil.keyholder.store.KeyholderStore;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * Takes the archive of an offered release as a CAR (spec/keyholder-protocol.md section 8.3). The
 * blocks land in a staging blockstore of their own, cut off at the offer's limit while they stream;
 * only a CAR whose every block verifies, whose single root is the CID asked for, whose DAG is
 * complete and whose file is the archive of this release, with a share for the offered release key
 * in the offered slot, has its blocks copied into the bot's store and pinned. Whatever fails, the
 * staging directory is deleted: nothing of a refused upload stays.
 */
public final class ArchiveIntake {
    /** The result of an upload: the archive's CID and release, its file size, and whether it is new. */
    public record Stored(String cid, String release, long bytes, boolean created) {}

    private static final String STAGING_PREFIX = "car-";
    private final KeyholderStore store;
    private final FsBlockStore blocks;
    private final Path staging;
    private final HiringDomain domain;
    private final Clock clock;

    private ArchiveIntake(KeyholderStore store, FsBlockStore blocks, Path staging, HiringDomain domain, Clock clock) {
        this.store = store;
        this.blocks = blocks;
        this.staging = staging;
        this.domain = domain;
        this.clock = clock;
    }

    /** An intake into {@code blocks}, staging under {@code staging} (its leftovers from a crash are deleted now). */
    public static ArchiveIntake open(KeyholderStore store, FsBlockStore blocks, Path staging, HiringDomain domain, Clock clock) throws IOException {
        Objects.requireNonNull(store, "store required");
        Objects.requireNonNull(blocks, "block store required");
        Objects.requireNonNull(domain, "hiring domain required");
        Objects.requireNonNull(clock, "clock required");
        Files.createDirectories(staging);
        try (Stream<Path> left = Files.list(staging)) {
            for (Path p : (Iterable<Path>) left::iterator) {
                if (p.getFileName().toString().startsWith(STAGING_PREFIX)) deleteTree(p);
            }
        }
        return new ArchiveIntake(store, blocks, staging, domain, clock);
    }

    /**
     * The largest CAR taken for an archive of {@code maxArchiveBytes}: the file bytes plus 1/64 for
     * the sections' framing and the UnixFS nodes, plus 1 MiB (section 8.3).
     */
    public static long carLimit(long maxArchiveBytes) {
        return maxArchiveBytes + maxArchiveBytes / 64 + (1 << 20);
    }

    /**
     * Reads the CAR in {@code car} (to its end, or to the limit) as the archive {@code cidText} of
     * {@code releaseText}.
     *
     * @throws HiringMessageException {@code malformed} (a bad CID or address), {@code not-found} (no standing
     *     offer), {@code too-large}, {@code bad-archive}
     * @throws IOException reading the upload or writing the store failed; nothing was kept
     */
    public Stored put(String cidText, String releaseText, InputStream car) throws HiringMessageException, IOException {
        Cid root = parseCid(cidText);
        String release = parseRelease(releaseText);
        AcceptedOffer offer = standingOffer(release);
        if (offer.archiveCid().equals(Optional.of(root.toString())) && blocks.pins().contains(root)) {
            return new Stored(root.toString(), release, UnixFsExporter.size(root, blocks), false);
        }
        long maxBytes = offer.terms().maxArchiveBytes();
        Path dir = staging.resolve(STAGING_PREFIX + UUID.randomUUID());
        try {
            long size;
            try (FsBlockStore staged = FsBlockStore.open(dir.resolve("blocks"))) {
                size = stage(root, new CappedInputStream(car, carLimit(maxBytes)), staged, maxBytes);
                checkArchive(root, staged, dir.resolve("archive.tar"), offer);
                DagWalker.walk(root, staged, DagScope.ALL, null, blocks::put);
            }
            blocks.pin(root);
            store.offers().setArchive(domain.chainId(), release, root.toString());
            return new Stored(root.toString(), release, size, true);
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Fetches the archive {@code cid} of {@code release} from the trustless gateways the artist named
     * ({@code GET {gateway}/ipfs/{cid}?format=car&dag-scope=all}, spec/keyholder-protocol.md section
     * 8.4) and takes it exactly as an upload ({@link #put}): every block verified, the size capped while
     * streaming, the manifest checked against the offer. Gateways are tried in order; only what
     * verifies is kept. The request's path is fixed and its answer is read as a CAR and verified, so
     * a URL an artist names can make the bot send a GET there but can put nothing unverified in its store.
     *
     * @throws HiringMessageException {@code not-ready} when no gateway delivered a verifying copy (naming each one's failure)
     */
    public Stored fetch(String cidText, String releaseText, List<java.net.URI> gateways, java.net.http.HttpClient http, java.time.Duration timeout)
            throws HiringMessageException, IOException {
        Cid root = parseCid(cidText);
        StringBuilder failures = new StringBuilder();
        for (java.net.URI g : gateways) {
            String base = g.toString().endsWith("/") ? g.toString() : g + "/";
            java.net.URI uri = java.net.URI.create(base + "ipfs/" + root + "?format=car&dag-scope=all");
            try {
                var request = java.net.http.HttpRequest.newBuilder(uri).header("Accept", "application/vnd.ipld.car").timeout(timeout).GET().build();
                var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream car = response.body()) {
                    if (response.statusCode() != 200) {
                        failures.append("; ").append(g).append(": HTTP ").append(response.statusCode());
                        continue;
                    }
                    return put(cidText, releaseText, car);
                }
            } catch (HiringMessageException e) {
                if (e.code() == RefusalCode.NOT_FOUND || e.code() == RefusalCode.MALFORMED) throw e;
                failures.append("; ").append(g).append(": ").append(e.getMessage());
            } catch (IOException e) {
                failures.append("; ").append(g).append(": ").append(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while fetching " + root, e);
            }
        }
        throw new HiringMessageException(RefusalCode.NOT_READY, "no gateway named delivered a verifying copy of " + root
                + (failures.isEmpty() ? " (none was named)" : failures.toString()) + "; upload it with PUT /v1/archives/" + root + "?release=" + releaseText
                + " or name gateways that have it");
    }

    /** Imports the CAR into {@code staged} and checks its root, completeness and size; returns the file's size. */
    private static long stage(Cid root, InputStream car, FsBlockStore staged, long maxBytes) throws HiringMessageException, IOException {
        Cid carRoot;
        try {
            carRoot = CarImport.importCar(car, staged);
        } catch (CappedInputStream.OverLimitException e) {
            throw tooLarge(maxBytes);
        } catch (InvalidBlockException e) {
            throw bad("the CAR does not verify: " + e.getMessage());
        }
        if (!carRoot.equals(root)) throw bad("the CAR's root is " + carRoot + ", not " + root + " it was sent as");
        try {
            DagWalker.walk(root, staged, DagScope.ALL, null, (cid, block) -> { });
            long size = UnixFsExporter.size(root, staged);
            if (size > maxBytes) throw tooLarge(maxBytes);
            return size;
        } catch (BlockNotFoundException e) {
            throw bad("the CAR is incomplete: " + e.getMessage() + "; send every block of the DAG (dag-scope=all)");
        } catch (InvalidBlockException e) {
            throw bad("the CAR's DAG is not a UnixFS file: " + e.getMessage());
        }
    }

    /** Exports the file and checks that it is this release's archive with a share for the offered key in the offered slot. */
    private void checkArchive(Cid root, FsBlockStore staged, Path tar, AcceptedOffer offer) throws HiringMessageException, IOException {
        try (OutputStream out = Files.newOutputStream(tar)) {
            UnixFsExporter.export(root, staged, out);
        } catch (InvalidBlockException e) {
            throw bad("the CAR's DAG is not a UnixFS file: " + e.getMessage());
        }
        Manifest m;
        try {
            m = ArchiveReader.inspect(tar).manifest();
        } catch (ArchiveFormatException | IntegrityException e) {
            throw bad("the file is not a release archive: " + e.getMessage());
        }
        var t = m.terms();
        if (t.chainId() != domain.chainId() || !t.factory().equalsIgnoreCase(domain.factory()) || !t.release().equalsIgnoreCase(offer.release())) {
            throw bad("the archive is for release " + t.release() + " of factory " + t.factory() + " on chain " + t.chainId() + ", not release "
                    + offer.release() + " of " + domain.factory() + " on chain " + domain.chainId() + "; send this release's archive");
        }
        String sealedTo = shareKeyAddress(m.groups(), offer.group(), offer.slot());
        if (!offer.releaseKey().equals(sealedTo)) {
            throw bad("the share of slot " + offer.slot() + " (group " + offer.group() + ") is sealed to " + sealedTo + ", not to the offered release key "
                    + offer.releaseKey() + "; pack the archive with the release keys of the offers");
        }
    }

    /** The address of the release key the share of {@code slot} is sealed to; slots are numbered group after group. */
    private static String shareKeyAddress(List<Manifest.Group> groups, int group, int slot) throws HiringMessageException {
        int first = 0;
        for (int g = 0; g < group && g < groups.size(); g++) first += groups.get(g).shares().size();
        if (group >= groups.size() || slot < first || slot - first >= groups.get(group).shares().size()) {
            throw bad("the archive has no slot " + slot + " in group " + group + "; pack it with the groups the solicitations named");
        }
        String hex = groups.get(group).shares().get(slot - first).keyholder();
        try {
            byte[] point = Sign.CURVE_PARAMS.getCurve().decodePoint(HexFormat.of().parseHex(hex)).getEncoded(false);
            return "0x" + Keys.getAddress(new BigInteger(1, point, 1, 64));
        } catch (IllegalArgumentException e) {
            throw bad("the share of slot " + slot + " names no valid public key: " + e.getMessage());
        }
    }

    private AcceptedOffer standingOffer(String release) throws HiringMessageException, IOException {
        Optional<AcceptedOffer> offer = store.offers().get(domain.chainId(), release);
        long now = clock.instant().getEpochSecond();
        boolean held = store.releases().get(domain.chainId(), release).isPresent();
        if (offer.isEmpty() || !(offer.get().standsAt(now) || held)) {
            throw new HiringMessageException(RefusalCode.NOT_FOUND, "this keyholder has no standing offer for release " + release
                    + "; solicit it first (POST /v1/solicit), then send the archive");
        }
        return offer.get();
    }

    private static Cid parseCid(String text) throws HiringMessageException {
        try {
            return Cid.parse(text);
        } catch (IllegalArgumentException e) {
            throw new HiringMessageException(RefusalCode.MALFORMED, "\"" + text + "\" is not a CID: " + e.getMessage());
        }
    }

    private static String parseRelease(String text) throws HiringMessageException {
        if (text == null || !text.matches("0x[0-9a-fA-F]{40}")) {
            throw new HiringMessageException(RefusalCode.MALFORMED, "?release= must be the release address, 0x and 40 hex digits, got " + text);
        }
        return text.toLowerCase(java.util.Locale.ROOT);
    }

    private static HiringMessageException bad(String why) {
        return new HiringMessageException(RefusalCode.BAD_ARCHIVE, why);
    }

    private static HiringMessageException tooLarge(long maxBytes) {
        return new HiringMessageException(RefusalCode.TOO_LARGE, "the archive is larger than the " + maxBytes
                + " bytes the solicitation allowed (maxArchiveBytes); solicit with a larger limit or cut the archive");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }
}
