package org.unveil.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.archive.ArchivePacker;
import org.unveil.archive.ArchiveReader;
import org.unveil.archive.Cut;
import org.unveil.archive.FileSpec;
import org.unveil.archive.Inspection;
import org.unveil.archive.PackResult;
import org.unveil.archive.ProgressListener;
import org.unveil.archive.ReleaseTerms;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseKeyRequest;
import org.unveil.eth.DevChain;
import org.unveil.eth.KeyholderRegistryClient;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseFactoryClient;
import org.unveil.eth.ReleaseParams;
import org.unveil.eth.ReleaseSignatures;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.Wei;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.UnixFsImporter;
import org.unveil.ipfs.UnixFsProfile;
import org.unveil.ipfs.gateway.TrustlessGateway;
import org.web3j.crypto.Credentials;

/**
 * Every role's steps of the library against a real Hardhat node, with archives served by a real
 * trustless gateway from a blockstore: an honest release verifies OK, is pledged, published and
 * unlocked byte for byte; a release without previews, one whose contract names another manifest,
 * and one with a slashed keyholder are SUSPECT with their reasons, and a pledge to them is refused.
 */
class FanTest {
    private static DevChain chain;
    private static FsBlockStore store;
    private static TrustlessGateway gateway;
    private static Gateways gateways;
    @TempDir static Path dir;

    @BeforeAll
    static void start() throws Exception {
        chain = DevChain.start();
        store = FsBlockStore.open(dir.resolve("blocks"));
        gateway = TrustlessGateway.start(store, 0);
        gateways = Gateways.of(List.of(gateway.uri().toString()));
        var registry = KeyholderRegistryClient.at(chain.chain(), chain.deployment().registry());
        for (int i : List.of(2, 3, 4, 5)) {
            var kh = chain.chain().sender(chain.account(i));
            registry.register(kh, kh.address(), kh.address(), "", "");
            registry.stake(kh, Wei.parse("1eth"));
        }
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
        if (store != null) store.close();
        if (chain != null) chain.close();
    }

    /** A 2-of-2 release created from its archive, both keyholders enrolled after checking their shares, the archive on the gateway. */
    private record Made(ReleaseClient release, Path archive, Path song, List<ReleaseKey> keys) {}

    private static Made make(String salt, boolean preview, boolean wrongManifestHash, int firstKeyholder) throws Exception {
        var c = chain.chain();
        Credentials artist = chain.account(1);
        var factory = ReleaseFactoryClient.at(c, chain.deployment().factory());
        String predicted = factory.predictAddress(artist.getAddress(), Artist.salt32(salt));
        List<Credentials> khs = List.of(chain.account(firstKeyholder), chain.account(firstKeyholder + 1));
        List<ReleaseKey> keys = List.of(
                Keyholder.deriveKey(khs.get(0), ReleaseKeyRequest.of(31337, factory.address(), predicted, khs.get(0).getAddress())),
                Keyholder.deriveKey(khs.get(1), ReleaseKeyRequest.of(31337, factory.address(), predicted, khs.get(1).getAddress())));
        Path song = dir.resolve(salt + ".bin");
        byte[] audio = new byte[600_000];
        new Random(salt.hashCode()).nextBytes(audio);
        Files.write(song, audio);
        long now = c.latestBlockTime().getEpochSecond();
        Path archive = dir.resolve(salt + ".tar");
        // 600,000 bytes in 100,000-byte fragments: 5 or 6 encrypted, so the default 3 samples leave some unrevealed
        FileSpec file = new FileSpec(song, "song.bin", Cut.everyBytes(100_000), preview ? Set.of(0) : Set.of());
        PackResult packed = ArchivePacker.builder()
                .terms(new ReleaseTerms(31337, factory.address(), predicted, ReleaseTerms.ZERO_ADDRESS, Wei.parse("3eth"), Wei.parse("2.77eth"),
                        now + 86_400, now + 7 * 86_400, 2 * 86_400))
                .license("test license").file(file).group(2, List.of(keys.get(0).publicKey(), keys.get(1).publicKey())).build().pack(archive);
        Cid cid;
        try (InputStream in = Files.newInputStream(archive)) {
            cid = UnixFsImporter.importFile(in, UnixFsProfile.UNIXFS_V1_2025, store);
        }
        store.sync();
        Inspection insp = ArchiveReader.inspect(archive);
        Artist a = new Artist(c);
        ReleaseParams p = a.draft(insp, cid, factory, predicted, Wei.parse("1eth"), null);
        if (wrongManifestHash) {
            byte[] other = p.manifestHash();
            other[0] ^= 1;
            p = new ReleaseParams(p.token(), p.goal(), p.deposit(), p.keyholderFee(), p.enrolDeadline(), p.pledgeDeadline(), p.revealWindow(),
                    p.secretAddress(), other, p.commitmentsHash(), p.archiveCid(), p.groupThresholds(), p.groupSizes(), p.releaseKeys(), p.shareAddresses(),
                    p.fragmentRoot(), p.fragmentCount(), p.sampleCount());
        }
        ReleaseClient release = a.create(c.sender(artist), factory, p, Artist.salt32(salt));
        Keyholder keyholder = new Keyholder(c, KeyholderPolicy.DEFAULTS);
        for (int i = 0; i < 2; i++) {
            var sender = c.sender(khs.get(i));
            // the keyholder refuses an archive that is not the release's; the test enrols without it then
            keyholder.enrol(sender, release, i, sender.address(), keys.get(i), wrongManifestHash ? null : archive);
        }
        assertEquals(ReleaseState.SAMPLING, release.state());
        chain.mine(6);
        a.revealSamples(c.sender(artist), release, packed.secret(), insp.manifest());
        assertEquals(ReleaseState.OPEN, release.state());
        return new Made(release, archive, song, keys);
    }

    @Test
    void anHonestReleaseVerifiesIsPledgedPublishedAndUnlockedByteForByte() throws Exception {
        var c = chain.chain();
        Made m = make("honest", true, false, 2);
        Fan fan = new Fan(c, gateways);
        Verdict v = fan.verify(m.release(), null);
        assertEquals(Verdict.Outcome.OK, v.outcome(), v.findings().toString());
        assertTrue(v.findings().stream().anyMatch(f -> f.reason().contains("is registered, not slashed")), v.findings().toString());
        var fanSender = c.sender(chain.account(12));
        Fan.pledge(fanSender, m.release(), Wei.parse("3eth"), v);
        assertEquals(ReleaseState.FUNDED, m.release().state());

        Path nothing = dir.resolve("too-early");
        assertThrows(IllegalStateException.class, () -> fan.unlock(m.release(), nothing, ProgressListener.NONE));
        Keyholder keyholder = new Keyholder(c, KeyholderPolicy.DEFAULTS);
        for (int i = 0; i < 2; i++) {
            try (FetchedArchive a = Keyholder.archive(m.release(), null, gateways)) {
                keyholder.publishShare(c.sender(chain.account(2 + i)), m.release(), i, m.keys().get(i), a.file());
            }
        }
        assertEquals(ReleaseState.RELEASED, m.release().state());
        Path out = dir.resolve("unlocked");
        List<Path> written = fan.unlock(m.release(), out, ProgressListener.NONE);
        assertEquals(1, written.size());
        assertArrayEquals(Files.readAllBytes(m.song()), Files.readAllBytes(out.resolve("song.bin")));
    }

    @Test
    void anArchiveWithoutPreviewAndASlashedKeyholderAreSuspectAndThePledgeIsRefused() throws Exception {
        var c = chain.chain();
        Made m = make("no preview", false, false, 4);
        Fan fan = new Fan(c, gateways);
        Verdict v = fan.verify(m.release(), null);
        assertEquals(Verdict.Outcome.SUSPECT, v.outcome());
        assertTrue(v.suspects().stream().anyMatch(f -> f.reason().startsWith("no preview")), v.findings().toString());

        // slot 0's release key leaks: anyone proves it, and the registry slashes the keyholder
        String beneficiary = chain.account(14).getAddress();
        byte[] digest = ReleaseSignatures.leakProofDigest(31337, m.release().address(), chain.account(4).getAddress(), beneficiary);
        byte[] salt = new byte[32];
        new java.security.SecureRandom().nextBytes(salt);
        m.release().commitAndAccuse(c.sender(chain.account(14)), 0, beneficiary, ReleaseSignatures.sign(digest, m.keys().get(0)), salt);
        Verdict after = fan.verify(m.release(), chain.deployment().factory());
        assertTrue(after.suspects().stream().anyMatch(f -> f.reason().contains("was slashed")), after.findings().toString());

        var fanSender = c.sender(chain.account(13));
        var refused = assertThrows(RefusedException.class, () -> Fan.pledge(fanSender, m.release(), Wei.parse("1eth"), after));
        assertTrue(refused.getMessage().contains("refusing to pledge to a suspect release: no preview"), refused.getMessage());
        assertEquals(BigInteger.ZERO, m.release().pledgeOf(fanSender.address()));
    }

    @Test
    void aContractNamingAnotherManifestIsSuspectAndRefusedByKeyholders() throws Exception {
        var c = chain.chain();
        Made m = make("other manifest", true, true, 2);
        Verdict v = new Fan(c, gateways).verify(m.release(), null);
        assertEquals(Verdict.Outcome.SUSPECT, v.outcome());
        assertTrue(v.suspects().get(0).reason().contains("wrong archive"), v.findings().toString());
        var refused = assertThrows(RefusedException.class, () -> new Keyholder(c, KeyholderPolicy.DEFAULTS)
                .openShare(m.archive(), m.release(), 0, m.keys().get(0), "refusing to enrol"));
        assertTrue(refused.getMessage().contains("wrong archive, refusing to enrol"), refused.getMessage());
    }
}
