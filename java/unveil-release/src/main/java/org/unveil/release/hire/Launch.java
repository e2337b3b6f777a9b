package org.unveil.release.hire;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.unveil.archive.ArchivePacker;
import org.unveil.archive.ArchiveReader;
import org.unveil.archive.FileSpec;
import org.unveil.archive.Inspection;
import org.unveil.archive.ProgressListener;
import org.unveil.archive.ReleaseTerms;
import org.unveil.archive.keys.GroupSpec;
import org.unveil.archive.keys.ReleaseSecret;
import org.unveil.eth.Chain;
import org.unveil.eth.ContractRevertException;
import org.unveil.eth.KeyholderProfile;
import org.unveil.eth.KeyholderRegistryClient;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseFactoryClient;
import org.unveil.eth.ReleaseParams;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.ReleaseSummary;
import org.unveil.eth.TransactionSender;
import org.unveil.eth.hiring.HiringDomain;
import org.unveil.eth.hiring.KeyholderInfo;
import org.unveil.eth.hiring.Offer;
import org.unveil.eth.hiring.Signed;
import org.unveil.eth.hiring.Solicitation;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.UnixFsImporter;
import org.unveil.ipfs.UnixFsProfile;
import org.unveil.release.Artist;
import org.unveil.release.SecretFiles;
import org.web3j.crypto.Credentials;

/**
 * The artist's whole launch with keyholder bots, in one resumable run (issue #12): hire a bot for
 * every slot through the hiring protocol (spec/keyholder-protocol.md), pack the archive with the
 * release keys they offered, upload it to each of them, create the release, tell each bot, wait
 * for every enrolment, and reveal the sampled keys so pledging opens. Each step is recorded in the
 * work directory ({@link LaunchState}) as it completes, so after a crash or a stop the same call
 * goes on from where it was; nothing is done twice (the release is created once, an upload a bot
 * already has is skipped, a commit is idempotent at the bot).
 */
public final class Launch {
    private static final Duration SOLICITATION_LIFETIME = Duration.ofMinutes(10);
    private final Chain chain;
    private final Credentials artist;
    private final ReleaseFactoryClient factory;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Progress progress;

    /** What the launch reports as it goes: a line per step, and a count for long ones. */
    public interface Progress {
        void step(String line);

        /** {@code done} of {@code total} in {@code unit} ("bytes", "slots"); total 0 when unknown. */
        void count(String what, long done, long total, String unit);

        Progress NONE = new Progress() {
            @Override
            public void step(String line) {}

            @Override
            public void count(String what, long done, long total, String unit) {}
        };
    }

    /**
     * What to launch.
     *
     * @param bots the bots to hire, in order of preference; empty: every bot in the registry, highest stake first
     * @param archiveGateways trustless gateways that serve the archive once packed (the artist's own): the bots fetch it
     *        from them instead of receiving an upload; empty: upload it to each bot
     * @param archive where the archive is written; {@code secretFile} where the release secret is (never replaced)
     * @param workDir the launch's state and the archive's blocks for upload
     */
    public record Plan(List<FileSpec> files, String license, List<GroupSpec> groups, BigInteger goal, BigInteger artistFee, BigInteger deposit,
            Duration enrolPeriod, Duration pledgePeriod, Duration revealWindow, int samples, String salt, List<URI> bots, List<URI> archiveGateways,
            Path archive, Path secretFile, Path workDir) {
        public Plan {
            Objects.requireNonNull(files, "files required");
            if (files.isEmpty()) throw new IllegalArgumentException("give at least one file to release");
            if (groups.isEmpty()) throw new IllegalArgumentException("give at least one keyholder group");
            if (salt == null || salt.isBlank()) throw new IllegalArgumentException("give a salt (any text, new for each release of this account)");
        }

        int slots() {
            return groups.stream().mapToInt(GroupSpec::size).sum();
        }
    }

    /** How the launch ended: the release, open for pledges. */
    public record Result(String release, String cid, Path archive, List<String> keyholders) {}

    public Launch(Chain chain, Credentials artist, ReleaseFactoryClient factory, Progress progress) {
        this.chain = chain;
        this.artist = artist;
        this.factory = factory;
        this.progress = progress;
    }

    public Result run(Plan plan) throws IOException, GeneralSecurityException, InterruptedException {
        Files.createDirectories(plan.workDir());
        String predicted = factory.predictAddress(artist.getAddress(), Artist.salt32(plan.salt()));
        LaunchState state = LaunchState.read(plan.workDir()).orElse(null);
        if (state == null) {
            state = new LaunchState();
            state.terms = fixTerms(plan, predicted);
            state.write(plan.workDir());
        } else if (!state.terms.release().equals(predicted)) {
            throw new IllegalArgumentException(plan.workDir() + " holds the launch of " + state.terms.release() + " (salt \"" + state.terms.salt()
                    + "\"), not of " + predicted + "; give another --work-dir, or the same --salt to resume it");
        } else {
            progress.step("resuming the launch of " + predicted + " from " + plan.workDir().resolve(LaunchState.FILE));
        }
        hire(plan, state);
        Cid cid = pack(plan, state);
        if (plan.archiveGateways().isEmpty()) {
            upload(plan, state, cid);
        } else {
            progress.step("the bots will fetch the archive " + cid + " from " + plan.archiveGateways() + " (make sure it is served there)");
        }
        ReleaseClient release = create(plan, state, cid);
        commit(plan, state, release);
        awaitEnrolments(release);
        revealSamples(plan, state, release);
        return new Result(release.address(), cid.toString(), plan.archive(), state.hired.stream().map(LaunchState.Hired::keyholder).toList());
    }

    private LaunchState.Terms fixTerms(Plan plan, String predicted) throws IOException {
        if (chain.hasCode(predicted)) {
            throw new IllegalArgumentException("a release already exists at " + predicted + ": this account used salt \"" + plan.salt()
                    + "\" before; choose another salt");
        }
        long now = chain.latestBlockTime().getEpochSecond();
        BigInteger fee = Artist.derivedKeyholderFee(plan.goal(), plan.artistFee(), factory.reputationBps(), plan.slots());
        return new LaunchState.Terms(plan.salt(), predicted, plan.goal(), plan.artistFee(), plan.deposit(), fee, now + plan.enrolPeriod().toSeconds(),
                now + plan.enrolPeriod().toSeconds() + plan.pledgePeriod().toSeconds(), plan.revealWindow().toSeconds(), plan.samples());
    }

    // ------------------------------------------------------------------ 1. hire

    private void hire(Plan plan, LaunchState state) throws IOException, GeneralSecurityException {
        int slots = plan.slots();
        if (state.hired.size() == slots) return;
        if (!state.hired.isEmpty() && state.cid != null) throw new IllegalStateException("packed before every slot was hired: " + plan.workDir() + " is inconsistent");
        // Hiring messages hold by the parties' clocks (spec/keyholder-protocol.md section 5); the
        // release's deadlines, fixed in the terms, by the chain's.
        long now = java.time.Instant.now().getEpochSecond();
        HiringDomain domain = new HiringDomain(chain.chainId(), factory.address());
        KeyholderRegistryClient registry = KeyholderRegistryClient.at(chain, factory.registry());
        List<URI> candidates = new ArrayList<>(plan.bots());
        if (candidates.isEmpty()) BotDirectory.list(chain, factory.registry()).forEach(l -> candidates.add(l.endpoint()));
        progress.step("hiring " + slots + " keyholder bots for " + state.terms.release() + " from " + candidates.size() + " candidates");
        Map<String, String> unusable = new LinkedHashMap<>();
        List<String> taken = new ArrayList<>(state.hired.stream().map(LaunchState.Hired::keyholder).toList());
        int next = 0;
        for (int slot = state.hired.size(); slot < slots; slot++) {
            int group = groupOf(plan.groups(), slot);
            boolean done = false;
            while (!done && next < candidates.size()) {
                URI endpoint = candidates.get(next++);
                BotClient bot = new BotClient(endpoint, http, Duration.ofSeconds(30));
                try {
                    KeyholderInfo info = bot.info(domain, now).message();
                    if (taken.contains(info.keyholder())) {
                        unusable.put(endpoint.toString(), "keyholder " + info.keyholder() + " already holds a slot of this release");
                        continue;
                    }
                    KeyholderProfile profile = registry.profile(info.keyholder());
                    if (!profile.registered() || profile.slashed() || !(info.operator().equals(info.keyholder()) || info.operator().equalsIgnoreCase(profile.operator()))) {
                        unusable.put(endpoint.toString(), "keyholder " + info.keyholder() + " is not registered, is slashed, or its operator is not " + info.operator());
                        continue;
                    }
                    Solicitation s = solicitation(state, slot, group, info.policy().maxArchiveBytes(), now);
                    Signed<Solicitation> signed = s.sign(artist);
                    Signed<Offer> offer = bot.solicit(signed, info.keyholder(), now);
                    byte[] pub = offer.message().releasePublicKey(offer.signature(), domain);
                    state.hired.add(new LaunchState.Hired(slot, group, info.keyholder(), endpoint.toString(), signed.toJson(), offer.toJson(),
                            HexFormat.of().formatHex(pub), offer.message().validUntil()));
                    state.write(plan.workDir());
                    taken.add(info.keyholder());
                    progress.step("slot " + slot + " (group " + group + "): " + info.keyholder() + " at " + endpoint + ", release key " + offer.message().releaseKey());
                    progress.count("hired", state.hired.size(), slots, "slots");
                    done = true;
                } catch (BotException e) {
                    unusable.put(endpoint.toString(), e.getMessage());
                }
            }
            if (!done) {
                StringBuilder why = new StringBuilder("only " + state.hired.size() + " of " + slots + " slots could be hired; the other bots:");
                unusable.forEach((k, v) -> why.append("\n  ").append(k).append(": ").append(v));
                throw new IOException(why + "\nstart more bots, ask for fewer shares (--group), or run again to retry the retryable ones (the hired slots are kept)");
            }
        }
    }

    private Solicitation solicitation(LaunchState state, int slot, int group, long botMaxArchive, long now) {
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        LaunchState.Terms t = state.terms;
        return new Solicitation(chain.chainId(), factory.address(), t.release(), artist.getAddress(), "0x" + HexFormat.of().formatHex(Artist.salt32(t.salt())),
                group, slot, ReleaseParams.ETH, t.deposit(), t.keyholderFee(), t.enrolDeadline(), t.pledgeDeadline(), t.revealWindow(), t.goal(),
                botMaxArchive, "0x" + HexFormat.of().formatHex(nonce), now + SOLICITATION_LIFETIME.toSeconds());
    }

    private static int groupOf(List<GroupSpec> groups, int slot) {
        int first = 0;
        for (int g = 0; g < groups.size(); g++) {
            if (slot < first + groups.get(g).size()) return g;
            first += groups.get(g).size();
        }
        throw new IllegalArgumentException("slot " + slot + " is in no group");
    }

    // ------------------------------------------------------------------ 2. pack

    private Cid pack(Plan plan, LaunchState state) throws IOException {
        if (state.cid != null && Files.exists(plan.archive())) return Cid.parse(state.cid);
        LaunchState.Terms t = state.terms;
        ArchivePacker.Builder b = ArchivePacker.builder()
                .terms(new ReleaseTerms(chain.chainId(), factory.address(), t.release(), ReleaseParams.ETH, t.goal(), t.artistFee(), t.enrolDeadline(),
                        t.pledgeDeadline(), t.revealWindow(), t.samples()))
                .license(plan.license()).secretFile(plan.secretFile()).progress(bytes("packing"));
        plan.files().forEach(b::file);
        int k = 0;
        for (GroupSpec g : plan.groups()) {
            List<byte[]> keys = new ArrayList<>();
            for (int i = 0; i < g.size(); i++) keys.add(HexFormat.of().parseHex(state.hired.get(k++).publicKey()));
            b.group(g.threshold(), keys);
        }
        progress.step("packing " + plan.archive() + " with the " + k + " offered release keys");
        b.build().pack(plan.archive()).secret().destroy();
        Cid cid;
        try (InputStream in = Files.newInputStream(plan.archive()); FsBlockStore blocks = FsBlockStore.open(plan.workDir().resolve("blocks"))) {
            cid = UnixFsImporter.importFile(in, UnixFsProfile.UNIXFS_V1_2025, blocks);
            blocks.sync();
        }
        state.cid = cid.toString();
        state.write(plan.workDir());
        return cid;
    }

    private ProgressListener bytes(String what) {
        return (done, total) -> progress.count(what, done, total, "bytes");
    }

    // ------------------------------------------------------------------ 3. upload

    private void upload(Plan plan, LaunchState state, Cid cid) throws IOException {
        long size = Files.size(plan.archive());
        try (FsBlockStore blocks = FsBlockStore.open(plan.workDir().resolve("blocks"))) {
            if (!blocks.has(cid)) {
                try (InputStream in = Files.newInputStream(plan.archive())) {
                    UnixFsImporter.importFile(in, UnixFsProfile.UNIXFS_V1_2025, blocks);
                }
            }
            for (LaunchState.Hired h : state.hired) {
                if (state.uploaded.contains(h.keyholder())) continue;
                progress.step("uploading the archive (" + size + " bytes) to " + h.endpoint());
                new BotClient(URI.create(h.endpoint()), http, Duration.ofMinutes(5)).uploadArchive(cid, state.terms.release(), blocks,
                        done -> progress.count("uploading to " + h.keyholder(), done, size, "bytes"));
                state.uploaded.add(h.keyholder());
                state.write(plan.workDir());
            }
        }
    }

    // ------------------------------------------------------------------ 4. create, 5. commit

    private ReleaseClient create(Plan plan, LaunchState state, Cid cid) throws IOException {
        String address = state.terms.release();
        if (state.created || chain.hasCode(address)) {
            ReleaseClient existing = ReleaseClient.at(chain, address);
            Inspection insp = ArchiveReader.inspect(plan.archive());
            if (!HexFormat.of().formatHex(existing.params().manifestHash()).equals(insp.manifestSha256())) {
                throw new IllegalStateException("the release at " + address + " names another archive than " + plan.archive()
                        + ": it was created by another launch with this salt");
            }
            if (!state.created) {
                state.created = true;
                state.write(plan.workDir());
            }
            return existing;
        }
        progress.step("creating the release " + address);
        Inspection insp = ArchiveReader.inspect(plan.archive());
        Artist a = new Artist(chain);
        ReleaseParams p = a.draft(insp, cid, factory, address, state.terms.deposit(), state.terms.keyholderFee());
        ReleaseClient release = a.create(chain.sender(artist), factory, p, Artist.salt32(state.terms.salt()));
        state.created = true;
        state.write(plan.workDir());
        return release;
    }

    private void commit(Plan plan, LaunchState state, ReleaseClient release) throws IOException {
        for (LaunchState.Hired h : state.hired) {
            if (state.committed.contains(h.keyholder())) continue;
            BotClient.Commit c = new BotClient(URI.create(h.endpoint()), http, Duration.ofMinutes(30)).commit(release.address(), plan.archiveGateways());
            progress.step("slot " + h.slot() + ": " + h.keyholder() + " " + c.status().toLowerCase(Locale.ROOT) + (c.txHash() == null ? "" : " " + c.txHash()));
            state.committed.add(h.keyholder());
            state.write(plan.workDir());
        }
    }

    // ------------------------------------------------------------------ 6. wait, 7. samples

    private void awaitEnrolments(ReleaseClient release) throws IOException, InterruptedException {
        long shown = -1;
        while (true) {
            ReleaseSummary s = release.summary();
            if (s.enrolledCount() != shown) {
                progress.count("enrolled", s.enrolledCount(), s.slotCount(), "slots");
                shown = s.enrolledCount();
            }
            if (s.state() != ReleaseState.ENROLLING) {
                if (s.state() == ReleaseState.CANCELLED) throw new IllegalStateException("the release was cancelled before every keyholder enrolled");
                return;
            }
            if (!chain.latestBlockTime().isBefore(s.enrolDeadline())) {
                throw new IllegalStateException("the enrolment deadline passed with " + s.enrolledCount() + " of " + s.slotCount() + " slots taken");
            }
            Thread.sleep(500);
        }
    }

    private void revealSamples(Plan plan, LaunchState state, ReleaseClient release) throws IOException, GeneralSecurityException, InterruptedException {
        if (state.samplesRevealed || release.state() != ReleaseState.SAMPLING) return;
        progress.step("waiting for the samples to be drawn (the bots draw them as keepers once the beacon block is mined)");
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (release.samples().seed().isEmpty()) {
            var beacon = release.samples().beaconBlock();
            if (beacon.isPresent() && chain.blockNumber().compareTo(beacon.get().add(BigInteger.valueOf(3))) > 0) {
                try {
                    release.drawSamples(chain.sender(artist)); // no bot drew them: the artist does
                } catch (ContractRevertException e) {
                    if (release.samples().seed().isEmpty()) throw e; // else a bot's draw was mined first: that is as good
                }
                break;
            }
            if (System.nanoTime() > deadline) throw new IllegalStateException("the samples were not drawn within 10 minutes; run again to retry");
            Thread.sleep(500);
        }
        Inspection insp = ArchiveReader.inspect(plan.archive());
        ReleaseSecret secret = SecretFiles.releaseSecret(plan.secretFile());
        try {
            var revealed = new Artist(chain).revealSamples(chain.sender(artist), release, secret, insp.manifest());
            progress.step("revealed the keys of the sampled fragments " + revealed.fragments() + ": pledging is open");
        } finally {
            secret.destroy();
        }
        state.samplesRevealed = true;
        state.write(plan.workDir());
    }
}
