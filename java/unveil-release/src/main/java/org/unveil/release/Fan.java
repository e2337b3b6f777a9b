package org.unveil.release;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.unveil.archive.ArchiveFormatException;
import org.unveil.archive.ArchiveReader;
import org.unveil.archive.ArchiveUnpacker;
import org.unveil.archive.FragmentKeys;
import org.unveil.archive.Inspection;
import org.unveil.archive.IntegrityException;
import org.unveil.archive.Manifest;
import org.unveil.archive.ProgressListener;
import org.unveil.archive.keys.ReleaseSecret;
import org.unveil.eth.Chain;
import org.unveil.eth.Erc20Client;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseEvent;
import org.unveil.eth.ReleaseParams;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.ReleaseStatus;
import org.unveil.eth.ReleaseSummary;
import org.unveil.eth.TransactionSender;
import org.unveil.ipfs.Cid;
import org.unveil.release.internal.ArchiveMatch;
import org.unveil.release.internal.KeyholderStanding;
import org.web3j.utils.Numeric;

/**
 * A fan's steps: {@link #verify} a release before paying (the archive fetched by the CID the
 * contract records, checked against the contract, its previews, the keyholders' standing), pledge
 * only to a release that passed (or with an explicit override), take a refund, and
 * {@link #unlock} the work once the secret is on chain. Verifying and unlocking fetch the archive,
 * so they need gateways; the transactions do not.
 */
public final class Fan {
    private final Chain chain;
    private final Gateways gateways;

    public Fan(Chain chain, Gateways gateways) {
        this.chain = Objects.requireNonNull(chain, "chain required");
        this.gateways = Objects.requireNonNull(gateways, "gateways required");
    }

    /**
     * Checks a release before pledging: fetches its archive by CID (every block verified), then
     * compares the archive with the contract (manifest hash, chain and address, secret address vs
     * S, terms, commitments hash, share addresses and release keys), looks for previews, and
     * checks each enrolled keyholder in the registry of {@code factory} (registered, not slashed,
     * stake). An archive that cannot be fetched is an error ({@link IOException}), not a verdict.
     *
     * @param factory the factory the fan trusts, or null to use the one the manifest names (checked to have created this release)
     */
    public Verdict verify(ReleaseClient release, String factory) throws IOException {
        ReleaseParams p = release.params();
        List<Finding> findings = new ArrayList<>();
        Cid cid;
        try {
            cid = Cid.fromBytes(p.archiveCid());
        } catch (IllegalArgumentException e) {
            String hex = "0x" + HexFormat.of().formatHex(p.archiveCid());
            findings.add(Finding.suspect("the release records archive " + hex + ", which is not a CID: nobody can fetch the work"));
            return new Verdict(release.address(), hex, findings);
        }
        ReleaseState state = release.state();
        findings.add(state == ReleaseState.OPEN ? Finding.ok("the release is Open: it takes pledges")
                : Finding.warning("the release is " + state.label() + ": it takes pledges only while Open"));
        // The longest a pledge can wait: funded at the last moment, the release settles one reveal
        // window later; unfunded, it fails at the pledge deadline (the factory bounds both, spec section 2).
        findings.add(Finding.ok("a pledge is either refunded or the work released by " + p.pledgeDeadline().plus(p.revealWindow())
                + " at the latest (the pledge deadline " + p.pledgeDeadline() + " plus the " + KeyholderPolicy.human(p.revealWindow()) + " reveal window)"));
        try (FetchedArchive archive = gateways.fetch(cid)) {
            Inspection insp;
            try {
                insp = ArchiveReader.inspect(archive.file());
            } catch (ArchiveFormatException | IntegrityException e) {
                findings.add(Finding.suspect("the archive at " + cid + " is malformed or tampered with: " + e.getMessage()));
                return new Verdict(release.address(), cid.toString(), findings);
            }
            findings.add(Finding.ok("the archive " + cid + " was fetched from " + archive.gateway().map(Object::toString).orElse("?")
                    + " with every block verified, and its structure and fragment hashes check out"));
            for (ArchiveMatch.Check c : ArchiveMatch.checks(insp, p, chain.chainId(), release.address(), release.artistFee())) {
                findings.add(c.passed() ? Finding.ok(c.reason()) : Finding.suspect(c.reason()));
            }
            findings.addAll(samples(release, state, archive.file()));
            if (insp.suspects().isEmpty()) {
                findings.add(Finding.ok("previews: " + insp.previewBytes() + " of " + insp.totalBytes() + " bytes can be checked before release"));
            }
            for (String s : insp.suspects()) findings.add(Finding.suspect(s));
            String trusted = factory != null ? factory : insp.manifest().terms().factory();
            findings.addAll(KeyholderStanding.check(chain, trusted, factory == null, release));
        }
        return new Verdict(release.address(), cid.toString(), findings);
    }

    /**
     * The chain's random samples (release-protocol section 4.1): each sampled fragment decrypted with
     * the key the artist revealed on chain and checked against the manifest's hashes. A sample that
     * does not hold what the manifest says makes the release suspect, with the fragment named.
     */
    private static List<Finding> samples(ReleaseClient release, ReleaseState state, Path archive) throws IOException {
        if (state == ReleaseState.ENROLLING) {
            return List.of(Finding.warning("the chain has not sampled this release yet: it samples fragments once every keyholder has enrolled,"
                    + " and pledging opens only once their keys are revealed"));
        }
        if (state == ReleaseState.SAMPLING) {
            List<Integer> drawn = release.samples().fragments();
            return List.of(Finding.warning((drawn.isEmpty() ? "the chain is about to sample fragments" : "the chain sampled encrypted fragments " + drawn)
                    + ", whose keys are not revealed yet: pledging opens once they are; verify again then"));
        }
        Optional<ReleaseEvent.SamplesRevealed> revealed = revealedSamples(release);
        if (revealed.isEmpty()) {
            return List.of(state == ReleaseState.CANCELLED ? Finding.warning("the release was cancelled before its samples were revealed")
                    : Finding.suspect("the release is " + state.label() + " but no sample keys were ever revealed on chain"));
        }
        List<Finding> out = new ArrayList<>();
        Path dir = Files.createTempDirectory("unveil-samples");
        try {
            for (Sample sample : decryptSamples(revealed.get(), archive, dir)) {
                out.add(sample.checked().isPresent()
                        ? Finding.ok("sample: encrypted fragment " + sample.fragment() + " (" + sample.where()
                                + ") decrypts with the key revealed on chain and matches the manifest's hash")
                        : Finding.suspect("sample: encrypted fragment " + sample.fragment() + " does not hold what the manifest says ("
                                + sample.problem() + "): the archive may be a brick behind genuine previews"));
            }
        } finally {
            deleteTree(dir);
        }
        return out;
    }

    /** One sampled fragment: decrypted and checked into a file, or the reason it failed. */
    public record Sample(int fragment, String where, Optional<ArchiveUnpacker.DecryptedFragment> checked, String problem) {}

    /**
     * Decrypts the fragments the chain sampled with the keys revealed on chain, each checked against
     * the archive's manifest, into {@code outDir} as {@code <name>.sample-<fragment>.<ext>}: a fan
     * plays them like previews (release-protocol section 4.1).
     *
     * @throws IllegalStateException if the release has revealed no samples yet
     */
    public static List<Sample> extractSamples(ReleaseClient release, Path archive, Path outDir) throws IOException {
        ReleaseEvent.SamplesRevealed revealed = revealedSamples(release).orElseThrow(() -> new IllegalStateException("release " + release.address()
                + " has revealed no samples (it is " + stateLabel(release) + "): they are revealed after the last enrolment, before pledging"));
        Files.createDirectories(outDir);
        return decryptSamples(revealed, archive, outDir);
    }

    private static String stateLabel(ReleaseClient release) {
        try {
            return release.state().label();
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static Optional<ReleaseEvent.SamplesRevealed> revealedSamples(ReleaseClient release) throws IOException {
        ReleaseEvent.SamplesRevealed revealed = null;
        for (ReleaseEvent e : release.events()) {
            if (e instanceof ReleaseEvent.SamplesRevealed r) revealed = r;
        }
        return Optional.ofNullable(revealed);
    }

    private static List<Sample> decryptSamples(ReleaseEvent.SamplesRevealed revealed, Path archive, Path dir) throws IOException {
        List<Sample> out = new ArrayList<>();
        List<Manifest.EncryptedFragment> all = ArchiveReader.inspect(archive).manifest().encryptedFragments();
        for (int i = 0; i < revealed.fragments().size(); i++) {
            int e = revealed.fragments().get(i);
            if (e >= all.size()) {
                out.add(new Sample(e, "not in this archive", Optional.empty(), "the archive has only " + all.size() + " encrypted fragments"));
                continue;
            }
            Manifest.EncryptedFragment f = all.get(e);
            String where = f.path() + ", bytes " + f.offset() + ".." + (f.offset() + f.size());
            FragmentKeys key = FragmentKeys.of(e, Numeric.toBytesPadded(revealed.keys().get(i), 32));
            try {
                // The manifest's paths are checked relative paths (archive-format section 3), so they stay in dir.
                Path target = dir.resolve(f.path()).resolveSibling(sampleName(f));
                Files.createDirectories(target.getParent());
                out.add(new Sample(e, where, Optional.of(ArchiveUnpacker.decryptFragment(archive, key, target)), ""));
            } catch (GeneralSecurityException | IntegrityException ex) {
                out.add(new Sample(e, where, Optional.empty(), ex.getMessage()));
            } finally {
                key.destroy();
            }
        }
        return out;
    }

    /** {@code song.mp3}'s fragment 2 as {@code song.sample-2.mp3}, beside the previews' {@code .preview-J} names. */
    private static String sampleName(Manifest.EncryptedFragment f) {
        String name = Path.of(f.path()).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) + ".sample-" + f.fragmentIndex() + name.substring(dot) : name + ".sample-" + f.fragmentIndex();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /**
     * Pledges up to {@code amount} to a release that {@code verdict} found OK: the contract takes
     * what the goal still needs, at most {@code amount}, and sends the rest of the ETH back.
     *
     * @throws RefusedException if the verdict is suspect or about another release
     */
    public static Pledge pledge(TransactionSender fan, ReleaseClient release, BigInteger amount, Verdict verdict) throws IOException, RefusedException {
        if (!verdict.release().equalsIgnoreCase(release.address())) {
            throw new RefusedException("the verdict is about release " + verdict.release() + ", not " + release.address() + ": refusing to pledge");
        }
        if (!verdict.ok()) {
            List<String> why = verdict.suspects().stream().map(Finding::reason).toList();
            throw new RefusedException("refusing to pledge to a suspect release: " + String.join("; ", why));
        }
        return pledgeUnverified(fan, release, amount);
    }

    /** What {@link #pledge} sent, what the fan offered and what the release took (the rest was returned, or never moved). */
    public record Pledge(List<Transaction> transactions, BigInteger offered, BigInteger taken) {
        public BigInteger returned() {
            return offered.subtract(taken);
        }
    }

    /** Pledges without a verdict: the explicit override, for a fan who checked the release some other way. */
    public static Pledge pledgeUnverified(TransactionSender fan, ReleaseClient release, BigInteger amount) throws IOException {
        List<Transaction> txs = new ArrayList<>();
        // A token pledge approves only what the goal still needs: a pledge front-run by another can
        // only need less, and no allowance is left over for more than that.
        ReleaseSummary s = release.summary();
        release.approvePayment(fan, amount.min(s.goal().subtract(s.totalPledged()))).ifPresent(r -> txs.add(new Transaction("approve", r)));
        var receipt = release.pledge(fan, amount);
        txs.add(new Transaction("pledge", receipt));
        return new Pledge(txs, amount, release.pledged(receipt));
    }

    /** What {@link #refund} sent and what came back (in wei, or the token's base units). */
    public record Refund(List<Transaction> transactions, BigInteger amount) {}

    /** Claims what the fan is owed; an Open release past its pledge deadline is expired first (anyone may). */
    public static Refund refund(Chain chain, TransactionSender fan, ReleaseClient release) throws IOException {
        List<Transaction> txs = new ArrayList<>();
        var s = release.summary();
        if (s.state() == ReleaseState.OPEN && !chain.latestBlockTime().isBefore(s.pledgeDeadline())) {
            txs.add(new Transaction("expire", release.expire(fan)));
        }
        if (release.paidInEth()) {
            BigInteger before = chain.balance(fan.address());
            var receipt = release.claimRefund(fan);
            txs.add(new Transaction("claimRefund", receipt));
            BigInteger gas = receipt.getGasUsed().multiply(Numeric.decodeQuantity(receipt.getEffectiveGasPrice()));
            return new Refund(txs, chain.balance(fan.address()).subtract(before).add(gas));
        }
        var erc20 = Erc20Client.at(chain, release.token());
        BigInteger before = erc20.balanceOf(fan.address());
        txs.add(new Transaction("claimRefund", release.claimRefund(fan)));
        return new Refund(txs, erc20.balanceOf(fan.address()).subtract(before));
    }

    /**
     * Writes the released work into {@code outDir}: fetches the archive by the CID the contract
     * records, checks that its manifest is the one the contract commits to, reads s from the chain
     * (recombined by the contract from a group's shares, or published by the artist) and decrypts
     * and verifies every file ({@link ArchiveUnpacker}: files get their names only once all verified).
     */
    public List<Path> unlock(ReleaseClient release, Path outDir, ProgressListener progress) throws IOException, java.security.GeneralSecurityException {
        ReleaseStatus st = release.status();
        BigInteger s = st.secret().orElseThrow(() -> new IllegalStateException("release " + release.address() + " is " + st.summary().state().label()
                + ": its secret is not on chain yet, so nothing can be unlocked"));
        Cid cid = Cid.fromBytes(st.params().archiveCid());
        try (FetchedArchive archive = gateways.fetch(cid)) {
            Manifest m = ArchiveReader.readManifest(archive.file());
            String onChain = HexFormat.of().formatHex(st.params().manifestHash());
            String got = m.sha256Hex();
            if (!got.equals(onChain)) {
                throw new IntegrityException("the archive at " + cid + " has manifest " + got + " but the release commits to " + onChain + ": not unlocking");
            }
            byte[] b = Numeric.toBytesPadded(s, 32);
            ReleaseSecret secret;
            try {
                secret = ReleaseSecret.fromBytes(b);
            } finally {
                java.util.Arrays.fill(b, (byte) 0);
            }
            try {
                return ArchiveUnpacker.unpack(archive.file(), outDir, secret, progress);
            } finally {
                secret.destroy();
            }
        }
    }
}
