package org.unveil.keyholder.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
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
import org.unveil.archive.ReleaseTerms;
import org.unveil.eth.DevChain;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseFactoryClient;
import org.unveil.eth.ReleaseParams;
import org.unveil.eth.Slot;
import org.unveil.eth.Wei;
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
import org.unveil.release.hire.BotClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running daemon, hired through its endpoints, against releases it must not enrol in (spec
 * keyholder-protocol.md section 8.4): created with other terms than the ones solicited, or with a
 * share address on chain that is not the one the archive's share has. {@code POST /v1/commit}
 * answers a typed refusal naming the check, the slot stays vacant, no transaction is sent (the
 * deposit stays with the bot) and the release's report shows the failed enrolment and why; a commit
 * that comes too early, or for a release the bot made no offer for, is refused as such. The HTTP
 * layer's own tests (KeyholderServerTest, ArchiveUploadTest) cover malformed bodies, bad signatures
 * and bad CARs; an archive whose share does not open or verify is stopped by the intake, so it cannot
 * reach a commit.
 */
class DaemonCommitRefusalTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int ARTIST = 1;
    private static final BigInteger GOAL = Wei.parse("1eth");
    private static final BigInteger ARTIST_FEE = Wei.parse("0.8eth");
    private static final BigInteger DEPOSIT = Wei.parse("0.1eth");
    private static DevChain chain;
    private static Daemon daemon;
    @TempDir static Path dir;

    @BeforeAll
    static void start() throws Exception {
        chain = DevChain.start();
        Fleet.Bot bot = Fleet.prepare(chain, dir, List.of(2), 2).get(0);
        daemon = bot.start();
    }

    @AfterAll
    static void stop() {
        if (daemon != null) daemon.close();
        if (chain != null) chain.close();
    }

    @Test
    void aReleaseCreatedWithOtherTermsThanSolicitedIsRefusedNamingThemAndNotEnrolledIn() throws Exception {
        Hired h = hire("other-terms");
        ReleaseParams p = h.draft();
        // A lower fee for the keyholder and a larger deposit than the bot was offered, in one release.
        ReleaseParams changed = new ReleaseParams(p.token(), p.goal(), p.deposit().multiply(BigInteger.TWO), p.keyholderFee().subtract(Wei.parse("0.01eth")),
                p.enrolDeadline(), p.pledgeDeadline(), p.revealWindow(), p.secretAddress(), p.manifestHash(), p.commitmentsHash(), p.archiveCid(),
                p.groupThresholds(), p.groupSizes(), p.releaseKeys(), p.shareAddresses(), p.fragmentRoot(), p.fragmentCount(), p.sampleCount());
        refusedAndNotEnrolled(h, changed, List.of("keyholder fee " + changed.keyholderFee(), "deposit " + changed.deposit()));
    }

    @Test
    void aReleaseWhoseShareAddressIsNotTheArchivesIsRefusedAndNotEnrolledIn() throws Exception {
        Hired h = hire("other-share");
        ReleaseParams p = h.draft();
        // The chain would check a published share against this address: the bot's true share could never be published.
        String other = chain.account(19).getAddress();
        ReleaseParams tampered = new ReleaseParams(p.token(), p.goal(), p.deposit(), p.keyholderFee(), p.enrolDeadline(), p.pledgeDeadline(),
                p.revealWindow(), p.secretAddress(), p.manifestHash(), p.commitmentsHash(), p.archiveCid(), p.groupThresholds(), p.groupSizes(),
                p.releaseKeys(), List.of(other), p.fragmentRoot(), p.fragmentCount(), p.sampleCount());
        refusedAndNotEnrolled(h, tampered, List.of("share"));
    }

    @Test
    void aCommitBeforeTheReleaseExistsIsNotReadyAndTheSameCommitEnrolsOnceItDoes() throws Exception {
        Hired h = hire("too-early");
        Answer early = commit(h.release);
        assertEquals(409, early.status(), early.body());
        assertEquals("not-ready", early.code(), early.body());
        assertTrue(early.retryable(), "not-ready is retryable: " + early.body());
        assertEquals(0, report(h.release).json().path("actions").size(), "nothing journaled: " + report(h.release).body());

        ReleaseClient release = h.create(h.draft());
        Answer now = commit(h.release);
        assertEquals(202, now.status(), now.body());
        assertEquals("enrol", now.json().path("action").asString(), now.body());
        Fleet.await(() -> release.slot(0).status() == Slot.Status.ENROLLED, Duration.ofSeconds(30), () -> "the bot to enrol: " + daemon.uri() + "/v1/releases/" + h.release);
    }

    @Test
    void aCommitForAReleaseTheBotMadeNoOfferForIsNotFound() throws Exception {
        var factory = ReleaseFactoryClient.at(chain.chain(), chain.deployment().factory());
        String unsolicited = factory.predictAddress(chain.account(ARTIST).getAddress(), Artist.salt32("never solicited"));
        // One address without code, and one with code that is no release this bot was hired for (the factory itself).
        for (String release : List.of(unsolicited, factory.address())) {
            Answer a = commit(release);
            assertEquals(404, a.status(), a.body());
            assertEquals("not-found", a.code(), a.body());
            assertEquals(404, report(release).status(), "the bot holds nothing of " + release);
        }
    }

    /** The commit is refused naming {@code named}, again when sent again; the slot stays vacant, nothing is sent, the report says why. */
    private static void refusedAndNotEnrolled(Hired h, ReleaseParams params, List<String> named) throws Exception {
        ReleaseClient release = h.create(params);
        for (int i = 0; i < 2; i++) { // sent again, the same refusal: the enrolment is not tried a second time
            Answer a = commit(h.release);
            assertEquals(422, a.status(), a.body());
            assertEquals("refused", a.code(), a.body());
            for (String n : named) assertTrue(a.message().contains(n), "the refusal names " + n + ": " + a.message());
        }
        assertEquals(Slot.Status.VACANT, release.slot(0).status(), "the bot did not enrol");
        // The loop, which looks at the release by itself, comes to the same refusal and journals it once.
        Thread.sleep(1_000);
        Answer r = report(h.release);
        assertEquals(200, r.status(), r.body());
        List<String> actions = new ArrayList<>();
        for (JsonNode action : r.json().path("actions")) {
            actions.add(action.path("kind").asString() + " " + action.path("status").asString() + " nonce " + action.path("nonce"));
        }
        assertEquals(List.of("enrol FAILED nonce null"), actions, "one enrolment, failed before it took a nonce: nothing sent, the deposit kept; " + r.body());
        for (String n : named) assertTrue(r.json().path("next").asString().contains(n), "the report says why: " + r.body());
        assertEquals(Slot.Status.VACANT, release.slot(0).status(), "the bot did not enrol by itself either");
    }

    /** An answer of the bot: its HTTP status and body. */
    private record Answer(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String code() {
            return json().path("error").path("code").asString();
        }

        String message() {
            return json().path("error").path("message").asString();
        }

        boolean retryable() {
            return json().path("error").path("retryable").asBoolean();
        }
    }

    private static Answer commit(String release) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(daemon.uri().resolve("/v1/commit")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"release\":\"" + release.toLowerCase(java.util.Locale.ROOT) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    private static Answer report(String release) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(daemon.uri().resolve("/v1/releases/" + release)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    /**
     * The artist's side of one hire, by hand (so the release can then be created with other
     * parameters than {@code Launch} would): a solicitation for slot 0 of a 1-of-1 release, the
     * archive packed with the offered release key and uploaded.
     */
    private record Hired(String release, byte[] salt, Path archive, Cid cid) {
        ReleaseParams draft() throws Exception {
            var factory = ReleaseFactoryClient.at(chain.chain(), chain.deployment().factory());
            Inspection insp = ArchiveReader.inspect(archive);
            return new Artist(chain.chain()).draft(insp, cid, factory, release, DEPOSIT, null);
        }

        ReleaseClient create(ReleaseParams p) throws Exception {
            var c = chain.chain();
            return new Artist(c).create(c.sender(chain.account(ARTIST)), ReleaseFactoryClient.at(c, chain.deployment().factory()), p, salt);
        }
    }

    private static Hired hire(String saltText) throws Exception {
        var c = chain.chain();
        var factory = ReleaseFactoryClient.at(c, chain.deployment().factory());
        var artist = chain.account(ARTIST);
        byte[] salt = Artist.salt32(saltText);
        String predicted = factory.predictAddress(artist.getAddress(), salt);
        HiringDomain domain = new HiringDomain(c.chainId(), factory.address());
        long now = Instant.now().getEpochSecond(); // hiring messages hold by the parties' clocks, the release's deadlines by the chain's
        long chainNow = c.latestBlockTime().getEpochSecond();
        BotClient bot = new BotClient(daemon.uri(), HTTP, Duration.ofSeconds(30));
        KeyholderInfo info = bot.info(domain, now).message();
        BigInteger fee = Artist.derivedKeyholderFee(GOAL, ARTIST_FEE, factory.reputationBps(), 1);
        long enrolBy = chainNow + 7_200;
        long pledgeBy = enrolBy + 86_400;
        long revealWindow = 7_200;
        byte[] nonce = MessageDigest.getInstance("SHA-256").digest(saltText.getBytes(StandardCharsets.UTF_8));
        Solicitation s = new Solicitation(c.chainId(), factory.address(), predicted, artist.getAddress(), "0x" + HexFormat.of().formatHex(salt), 0, 0,
                ReleaseParams.ETH, DEPOSIT, fee, enrolBy, pledgeBy, revealWindow, GOAL, info.policy().maxArchiveBytes(), "0x" + HexFormat.of().formatHex(nonce),
                now + 600);
        Signed<Offer> offer = bot.solicit(s.sign(artist), info.keyholder(), now);
        byte[] releaseKey = offer.message().releasePublicKey(offer.signature(), domain);

        byte[] song = new byte[100_000];
        new Random(saltText.hashCode()).nextBytes(song);
        Path file = Files.write(dir.resolve(saltText + ".bin"), song);
        Path archive = dir.resolve(saltText + ".tar");
        ArchivePacker.builder()
                .terms(new ReleaseTerms(c.chainId(), factory.address(), predicted, ReleaseParams.ETH, GOAL, ARTIST_FEE, enrolBy, pledgeBy, revealWindow, 1))
                .license("test license").file(new FileSpec(file, "song.bin", Cut.everyBytes(25_000), Set.of(0))).group(1, List.of(releaseKey)).build()
                .pack(archive).secret().destroy();
        Cid cid;
        try (FsBlockStore blocks = FsBlockStore.open(dir.resolve(saltText + ".blocks"))) {
            try (var in = Files.newInputStream(archive)) {
                cid = UnixFsImporter.importFile(in, UnixFsProfile.UNIXFS_V1_2025, blocks);
            }
            bot.uploadArchive(cid, predicted, blocks, sent -> {});
        }
        return new Hired(predicted, salt, archive, cid);
    }
}
