package org.unveil.release;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.unveil.archive.FragmentKeys;
import org.unveil.archive.FragmentTree;
import org.unveil.archive.Inspection;
import org.unveil.archive.Manifest;
import org.unveil.archive.SampleRule;
import org.unveil.archive.keys.Commitments;
import org.unveil.archive.keys.FeldmanVss;
import org.unveil.archive.keys.ReleaseSecret;
import org.unveil.eth.Chain;
import org.unveil.eth.CommitmentsHash;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseFactoryClient;
import org.unveil.eth.ReleaseParams;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.TransactionSender;
import org.unveil.ipfs.Cid;
import org.web3j.crypto.Hash;

/**
 * The artist's steps on chain: draft the release's terms from the packed archive, create the
 * release at the address the archive was packed for, and release by hand with the secret file when
 * keyholders are slow (spec/release-protocol.md sections 2 and 6.2).
 */
public final class Artist {
    private final Chain chain;

    public Artist(Chain chain) {
        this.chain = Objects.requireNonNull(chain, "chain required");
    }

    /** The 32-byte CREATE2 salt of a text: {@code 0x} + 64 hex digits as given, else the keccak256 of its UTF-8. */
    public static byte[] salt32(String text) {
        if (text.matches("0x[0-9a-fA-F]{64}")) return HexFormat.of().parseHex(text.substring(2));
        return Hash.sha3(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The on-chain terms of the archive: every field from its manifest, the keyholder fee derived
     * from the manifest's artist fee unless given, the share addresses computed from the
     * commitments. The manifest must have been packed for this chain, {@code factory} and
     * {@code release} (the predicted address).
     *
     * @param keyholderFee the fee per publishing keyholder, or null to derive it ({@link #derivedKeyholderFee})
     */
    public ReleaseParams draft(Inspection archive, Cid cid, ReleaseFactoryClient factory, String release, BigInteger deposit, BigInteger keyholderFee)
            throws IOException {
        Manifest m = archive.manifest();
        checkPackedFor(m, chain.chainId(), factory.address(), release);
        var t = m.terms();
        List<Commitments> commitments = new ArrayList<>();
        List<Integer> thresholds = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> points = new ArrayList<>();
        for (Manifest.Group g : m.groups()) {
            Commitments gc = Commitments.fromHex(g.commitments());
            commitments.add(gc);
            points.addAll(FeldmanVss.shareAddresses(gc, g.shares().size()));
            thresholds.add(g.threshold());
            sizes.add(g.shares().size());
            for (Manifest.Share s : g.shares()) keys.add(s.address());
        }
        BigInteger fee = keyholderFee != null ? keyholderFee : derivedKeyholderFee(t.goal(), t.artistFee(), factory.reputationBps(), keys.size());
        FragmentTree fragments = FragmentTree.of(m);
        if (t.sampleCount() >= fragments.size()) {
            throw new IllegalArgumentException("the archive has " + fragments.size() + " encrypted fragment(s) and a sample count of " + t.sampleCount()
                    + ": sampling must leave at least one fragment unrevealed; re-pack with finer --cut or fewer --samples");
        }
        return new ReleaseParams(t.token(), t.goal(), deposit, fee, Instant.ofEpochSecond(t.enrolDeadline()), Instant.ofEpochSecond(t.pledgeDeadline()),
                Duration.ofSeconds(t.revealWindow()), m.secret().address(), HexFormat.of().parseHex(archive.manifestSha256()),
                CommitmentsHash.of(commitments), cid.bytes(), thresholds, sizes, keys, points, fragments.root(), fragments.size(), t.sampleCount());
    }

    /** The manifest states the artist's fee A; the contract takes F with A = G - P*F - G*bps/10000. */
    public static BigInteger derivedKeyholderFee(BigInteger goal, BigInteger artistFee, int bps, int slots) {
        BigInteger rest = goal.subtract(artistFee).subtract(goal.multiply(BigInteger.valueOf(bps)).divide(BigInteger.valueOf(10_000)));
        BigInteger[] qr = rest.divideAndRemainder(BigInteger.valueOf(slots));
        if (rest.signum() < 0 || qr[1].signum() != 0) {
            throw new IllegalArgumentException("the manifest's artist fee " + artistFee + " does not leave an equal whole fee for each of " + slots
                    + " keyholders after the " + bps + " bps reputation share of the goal " + goal + "; give --keyholder-fee");
        }
        return qr[0];
    }

    /** The archive was packed for this chain, factory and release address, else the release would not match it. */
    public static void checkPackedFor(Manifest m, long chainId, String factory, String predicted) {
        var t = m.terms();
        if (t.chainId() != chainId) throw new IllegalArgumentException("the archive was packed for chain " + t.chainId() + ", this node is chain " + chainId);
        if (!t.factory().equalsIgnoreCase(factory)) {
            throw new IllegalArgumentException("the archive was packed for factory " + t.factory() + ", not " + factory);
        }
        if (!t.release().equalsIgnoreCase(predicted)) {
            throw new IllegalArgumentException("the archive was packed for release address " + t.release() + ", but this account and salt give "
                    + predicted + ": use the account and --salt you packed with");
        }
    }

    /**
     * Creates the release at {@code factory.predictAddress(artist, salt)}.
     *
     * @throws IllegalArgumentException if a release already exists there (this artist used the salt before)
     */
    public ReleaseClient create(TransactionSender artist, ReleaseFactoryClient factory, ReleaseParams params, byte[] salt32) throws IOException {
        String address = factory.predictAddress(artist.address(), salt32);
        if (chain.hasCode(address)) {
            throw new IllegalArgumentException("a release already exists at " + address + ": this account has used this salt before");
        }
        return factory.createRelease(artist, params, salt32);
    }

    /** What {@link #revealSamples} sent, and the fragments whose keys it revealed. */
    public record Samples(List<Transaction> transactions, List<Integer> fragments) {}

    /**
     * Reveals the keys of the fragments the chain sampled (release-protocol section 4.1): draws the
     * samples first if nobody has, derives each sampled fragment's key from {@code secret}, proves it
     * in the archive's fragment tree and sends them; pledging opens. Refused, with what to do, while
     * the beacon block is not mined, and for a release not in Sampling or an archive not its own.
     */
    public Samples revealSamples(TransactionSender sender, ReleaseClient release, ReleaseSecret secret, Manifest manifest)
            throws IOException, RefusedException {
        ReleaseState state = release.state();
        if (state != ReleaseState.SAMPLING) {
            throw new RefusedException("release " + release.address() + " is " + state.label()
                    + ": samples are revealed only while it is Sampling (after the last enrolment, before pledging opens)");
        }
        ReleaseParams p = release.params();
        if (!p.secretAddress().equalsIgnoreCase(secret.address())) {
            throw new IllegalArgumentException("the secret belongs to " + secret.address() + ", this release expects " + p.secretAddress()
                    + ": wrong secret file or wrong release");
        }
        FragmentTree tree = FragmentTree.of(manifest);
        if (!java.util.Arrays.equals(tree.root(), p.fragmentRoot())) {
            throw new RefusedException("the archive's fragment tree is not the one release " + release.address() + " samples: wrong archive");
        }
        List<Transaction> txs = new ArrayList<>();
        ReleaseClient.Samples s = release.samples();
        if (s.seed().isEmpty()) {
            BigInteger beacon = s.beaconBlock().orElseThrow();
            BigInteger now = chain.blockNumber();
            if (now.compareTo(beacon) <= 0) {
                throw new RefusedException("the sampling beacon, block " + beacon + ", is not mined yet (the chain is at block " + now
                        + "): run this again after " + beacon.subtract(now).add(BigInteger.ONE) + " more block(s)");
            }
            txs.add(new Transaction("drawSamples", release.drawSamples(sender)));
            s = release.samples();
        }
        List<Integer> sampled = s.fragments();
        if (!SampleRule.sample(s.seed().orElseThrow(), p.fragmentCount(), p.sampleCount()).equals(sampled)) {
            throw new IllegalStateException("the contract's samples " + sampled + " are not the sample rule's for its seed: a contract of another version?");
        }
        List<BigInteger> keys = new ArrayList<>();
        List<List<byte[]>> proofs = new ArrayList<>();
        for (int e : sampled) {
            FragmentKeys k = FragmentKeys.derive(secret, e);
            try {
                keys.add(new BigInteger(1, k.key()));
            } finally {
                k.destroy();
            }
            proofs.add(tree.proof(e));
        }
        txs.add(new Transaction("revealSamples", release.revealSamples(sender, keys, proofs)));
        return new Samples(txs, sampled);
    }

    /** Publishes s itself ({@code authorRelease}), after checking it is this release's secret. */
    public Transaction authorRelease(TransactionSender artist, ReleaseClient release, ReleaseSecret secret) throws IOException {
        String expected = release.params().secretAddress();
        if (!expected.equalsIgnoreCase(secret.address())) {
            throw new IllegalArgumentException("the secret belongs to " + secret.address() + ", this release expects " + expected
                    + ": wrong secret file or wrong release");
        }
        return new Transaction("authorRelease", release.authorRelease(artist, secret));
    }
}
