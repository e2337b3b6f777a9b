package org.unveil.eth;

import org.unveil.archive.FragmentTree;

import org.unveil.archive.FragmentKeys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.unveil.archive.keys.Commitments;
import org.unveil.archive.keys.FeldmanVss;
import org.unveil.archive.keys.GroupSpec;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseKeyRequest;
import org.unveil.archive.keys.ReleaseSecret;
import org.unveil.archive.keys.SecretShare;
import org.unveil.archive.keys.ShareContext;
import org.unveil.archive.keys.ShareEnvelope;
import org.unveil.eth.keys.ReleaseKeyDerivation;
import org.web3j.crypto.Credentials;

/**
 * A release as an artist and its keyholders prepare it, against a {@link DevChain}: release keys
 * derived from the keyholders' wallets for the predicted address, s split per group with Feldman
 * VSS, each share sealed to its keyholder, then the release created through the factory.
 * Slot i belongs to {@code keyholders.get(i)}.
 */
final class ReleaseFixture {
    static final BigInteger GOAL = Wei.parse("10eth");
    static final BigInteger DEPOSIT = Wei.parse("2eth");
    static final BigInteger FEE = Wei.parse("0.5eth");
    static final Duration REVEAL_WINDOW = Duration.ofDays(3);
    static final int FRAGMENTS = 6;
    static final int SAMPLES = 3;

    final DevChain chain;
    final Credentials artist;
    final List<Credentials> keyholders;
    final List<GroupSpec> groups;
    final ReleaseSecret secret;
    final List<ReleaseKey> releaseKeys = new ArrayList<>();
    final List<Commitments> commitments = new ArrayList<>();
    final List<byte[]> envelopes = new ArrayList<>();
    /** Every slot's share, kept by the test (a keyholder would open its envelope) to publish it. */
    final List<SecretShare> shares = new ArrayList<>();
    final List<String> shareAddresses = new ArrayList<>();
    final List<ShareContext> contexts = new ArrayList<>();
    final byte[] manifestHash = new byte[32];
    ReleaseParams params;
    ReleaseClient release;
    /** What the release is paid in: ETH unless {@link #paidIn} names a token. */
    String token = ReleaseParams.ETH;

    ReleaseFixture(DevChain chain, Credentials artist, List<Credentials> keyholders, List<GroupSpec> groups) {
        this.chain = chain;
        this.artist = artist;
        this.keyholders = keyholders;
        this.groups = groups;
        this.secret = ReleaseSecret.generate(new SecureRandom());
    }

    /** Pay this release in {@code token} (an allowed ERC-20) instead of ETH. */
    ReleaseFixture paidIn(String token) {
        this.token = token;
        return this;
    }

    /** Derives keys, splits and seals the secret, and creates the release at its predicted address. */
    ReleaseFixture create(byte[] salt) throws Exception {
        SecureRandom rnd = new SecureRandom();
        rnd.nextBytes(manifestHash);
        Deployment d = chain.deployment();
        ReleaseFactoryClient factory = ReleaseFactoryClient.at(chain.chain(), d.factory());
        String predicted = factory.predictAddress(artist.getAddress(), salt);
        for (Credentials kh : keyholders) {
            ReleaseKeyRequest req = ReleaseKeyRequest.of(d.chainId(), d.factory(), predicted, kh.getAddress());
            ReleaseKey k = ReleaseKeyDerivation.derive(kh, req);
            assertEquals(k, ReleaseKeyDerivation.derive(kh, req), "derivation must be repeatable (sign twice, compare)");
            releaseKeys.add(k);
        }
        int slot = 0;
        for (int g = 0; g < groups.size(); g++) {
            FeldmanVss.SplitGroup split = FeldmanVss.split(secret, groups.get(g), rnd);
            commitments.add(split.commitments());
            shareAddresses.addAll(FeldmanVss.shareAddresses(split.commitments(), groups.get(g).size()));
            for (SecretShare share : split.shares()) {
                shares.add(share);
                ShareContext ctx = new ShareContext(d.chainId(), d.factory(), predicted, secret.publicKey(), g, share.identifier());
                contexts.add(ctx);
                envelopes.add(ShareEnvelope.seal(share, ctx, releaseKeys.get(slot).publicKey(), rnd));
                slot++;
            }
        }
        Instant now = chain.chain().latestBlockTime();
        params = new ReleaseParams(token, GOAL, DEPOSIT, FEE, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(7)),
                REVEAL_WINDOW, secret.address(), manifestHash, CommitmentsHash.of(commitments), new byte[] {0x01, 0x55, 0x12, 0x20, 0x0a},
                groups.stream().map(GroupSpec::threshold).toList(), groups.stream().map(GroupSpec::size).toList(),
                releaseKeys.stream().map(ReleaseKey::address).toList(), shareAddresses, fragments().root(), FRAGMENTS, SAMPLES);
        release = factory.createRelease(chain.chain().sender(artist), params, salt);
        assertEquals(predicted, release.address());
        return this;
    }

    /** Every keyholder enrols ({@link #enrolEvery}), then the samples are drawn and revealed: the release is Open. */
    ReleaseFixture enrolAll() throws Exception {
        enrolEvery();
        revealSamples();
        return this;
    }

    /** Every keyholder opens and verifies its share, checks the digest, signs the acceptance and enrols: the release is Sampling. */
    ReleaseFixture enrolEvery() throws Exception {
        for (int i = 0; i < keyholders.size(); i++) enrol(i);
        return this;
    }

    /** The archive this fixture stands for has FRAGMENTS encrypted fragments, their keys derived from the secret. */
    FragmentTree fragments() {
        List<String> addresses = new ArrayList<>();
        for (int e = 0; e < FRAGMENTS; e++) addresses.add(FragmentKeys.derive(secret, e).keyAddress());
        return FragmentTree.of(addresses);
    }

    /** Mines past the beacon, draws the samples and reveals their keys as the artist: the release opens. */
    void revealSamples() throws Exception {
        chain.mine(6);
        TransactionSender sender = chain.chain().sender(artist);
        release.drawSamples(sender);
        List<Integer> sampled = release.samples().fragments();
        FragmentTree tree = fragments();
        List<BigInteger> keys = new ArrayList<>();
        List<List<byte[]>> proofs = new ArrayList<>();
        for (int e : sampled) {
            keys.add(new BigInteger(1, FragmentKeys.derive(secret, e).key()));
            proofs.add(tree.proof(e));
        }
        release.revealSamples(sender, keys, proofs);
    }

    void enrol(int slot) throws Exception {
        Credentials kh = keyholders.get(slot);
        SecretShare share = ShareEnvelope.open(envelopes.get(slot), releaseKeys.get(slot), contexts.get(slot));
        FeldmanVss.verify(share, commitments.get(params.groupOfSlot(slot)));
        share.destroy();
        byte[] terms = params.termsHash(artist.getAddress());
        assertArrayEquals(release.termsHash(), terms, "local terms hash must equal the contract's");
        byte[] digest = ReleaseSignatures.acceptanceDigest(chain.chain().chainId(), release.address(), kh.getAddress(), slot, terms);
        assertArrayEquals(release.acceptanceDigest(slot, kh.getAddress()), digest, "local EIP-712 digest must equal the contract's");
        TransactionSender sender = chain.chain().sender(kh);
        release.approvePayment(sender, DEPOSIT); // a token release takes the deposit by transferFrom; nothing for ETH
        release.enrol(sender, slot, kh.getAddress(), ReleaseSignatures.sign(digest, releaseKeys.get(slot)), DEPOSIT);
    }

    /** Registers every keyholder with its payout address and a stake; idempotent across releases. */
    static void registerKeyholders(DevChain chain, List<Credentials> keyholders, List<Credentials> payouts) throws Exception {
        KeyholderRegistryClient registry = KeyholderRegistryClient.at(chain.chain(), chain.deployment().registry());
        for (int i = 0; i < keyholders.size(); i++) {
            Credentials kh = keyholders.get(i);
            if (registry.profile(kh.getAddress()).registered()) continue;
            TransactionSender s = chain.chain().sender(kh);
            registry.register(s, kh.getAddress(), payouts.get(i).getAddress(), "http://127.0.0.1:9/bot" + i, "terms v1");
            registry.stake(s, Wei.parse("1eth"));
        }
    }
}
