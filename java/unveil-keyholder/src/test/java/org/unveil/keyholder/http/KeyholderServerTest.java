package org.unveil.keyholder.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.archive.keys.ReleaseKeyRequest;
import org.unveil.eth.DevChain;
import org.unveil.eth.ReleaseFactoryClient;
import org.unveil.eth.hiring.HiringMessageException;
import org.unveil.eth.hiring.KeyholderInfo;
import org.unveil.eth.hiring.Offer;
import org.unveil.eth.hiring.RefusalCode;
import org.unveil.eth.hiring.Signed;
import org.unveil.eth.keys.ReleaseKeyDerivation;
import org.unveil.release.Artist;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * The endpoints over a real Hardhat node, a real SQLite file and real HTTP: the signed info, an
 * offer whose key is the one the keyholder derives, every refusal of section 5 with its section-8
 * status, the rate limits, the body limits, CORS, and the engine's routes over a fixed engine.
 */
class KeyholderServerTest {
    private static DevChain chain;
    private static TestBot bot;
    @TempDir static Path dir;

    @BeforeAll
    static void start() throws Exception {
        chain = DevChain.start();
        bot = TestBot.start(chain, dir.resolve("bot"), 8);
    }

    @AfterAll
    static void stop() throws Exception {
        if (bot != null) bot.close();
        if (chain != null) chain.close();
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    /** A solicitation by a fresh artist for its predicted release of {@code salt}. */
    private static SolicitationDraft draft(Credentials artist, String salt) throws Exception {
        var factory = ReleaseFactoryClient.at(chain.chain(), bot.factory());
        String release = factory.predictAddress(artist.getAddress(), Artist.salt32(salt));
        return new SolicitationDraft(31337, bot.factory(), release, artist.getAddress(), "0x" + java.util.HexFormat.of().formatHex(Artist.salt32(salt)), now());
    }

    private static Credentials newArtist() throws Exception {
        return Credentials.create(Keys.createEcKeyPair());
    }

    private static void assertRefused(HttpResponse<String> r, RefusalCode code) throws Exception {
        assertEquals(code.httpStatus(), r.statusCode(), r.body());
        assertEquals(code, HiringMessageException.fromJson(r.body()).code(), r.body());
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    }

    @Test
    void infoIsSignedByTheOperatorAndStatesThePolicyAndFreeSlots() throws Exception {
        HttpResponse<String> r = bot.get("/v1/info");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        Signed<KeyholderInfo> info = KeyholderInfo.fromJson(r.body().getBytes(StandardCharsets.UTF_8));
        assertEquals(TestBot.operator(chain).getAddress(), info.verify(bot.desk.domain(), now()));
        assertEquals(TestBot.keyholder(chain).getAddress(), info.message().keyholder());
        assertEquals(TestBot.POLICY, info.message().policy());
        assertTrue(info.message().expiresAt() - info.message().issuedAt() <= 600);
        assertTrue(info.message().freeSlots() <= 8);
    }

    @Test
    void aGoodSolicitationGetsAnOfferSignedByTheKeyTheKeyholderDerives() throws Exception {
        Credentials artist = newArtist();
        SolicitationDraft d = draft(artist, "good");
        var s = d.sign(artist);
        HttpResponse<String> r = bot.post("/v1/solicit", s.toJson());
        assertEquals(200, r.statusCode(), r.body());
        Signed<Offer> offer = Offer.fromJson(r.body().getBytes(StandardCharsets.UTF_8));
        assertEquals(offer.message().releaseKey(), offer.verify(bot.desk.domain(), now()));
        offer.message().checkAnswers(s.message(), TestBot.keyholder(chain).getAddress());
        String derived = ReleaseKeyDerivation.derive(TestBot.keyholder(chain), ReleaseKeyRequest.of(31337, bot.factory(), d.release,
                TestBot.keyholder(chain).getAddress())).address();
        assertEquals(derived, offer.message().releaseKey());
        assertTrue(bot.store.offers().get(31337, d.release).isPresent());

        // the same slot and terms again, with a new nonce: a new offer for the same key
        HttpResponse<String> again = bot.post("/v1/solicit", d.newNonce().sign(artist).toJson());
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(derived, Offer.fromJson(again.body().getBytes(StandardCharsets.UTF_8)).message().releaseKey());
        // other terms for the slot already offered: refused
        d.newNonce().deposit = SolicitationDraft.ETH.multiply(BigInteger.TWO);
        assertRefused(bot.post("/v1/solicit", d.sign(artist).toJson()), RefusalCode.OUTSIDE_POLICY);
    }

    @Test
    void aReplayedNonceIsRefusedAlsoAfterARestartOnTheSameFile() throws Exception {
        Credentials artist = newArtist();
        SolicitationDraft d = draft(artist, "replay");
        String wire = d.sign(artist).toJson();
        assertEquals(200, bot.post("/v1/solicit", wire).statusCode());
        assertRefused(bot.post("/v1/solicit", wire), RefusalCode.REPLAYED_NONCE);
        d.salt = SolicitationDraft.randomHex32();
        d.release = ReleaseFactoryClient.at(chain.chain(), bot.factory()).predictAddress(artist.getAddress(), java.util.HexFormat.of().parseHex(d.salt.substring(2)));
        String sameNonceOtherRelease = d.sign(artist).toJson();
        Path other = dir.resolve("restarted");
        try (TestBot first = TestBot.start(chain, other, 8)) {
            assertEquals(200, first.post("/v1/solicit", sameNonceOtherRelease).statusCode());
        }
        try (TestBot restarted = TestBot.start(chain, other, 8)) {
            assertRefused(restarted.post("/v1/solicit", sameNonceOtherRelease), RefusalCode.REPLAYED_NONCE);
        }
    }

    @Test
    void eachBadSolicitationIsRefusedWithItsCodeAndStatus() throws Exception {
        Credentials artist = newArtist();
        assertRefused(bot.post("/v1/solicit", "{\"chainId\": 31337"), RefusalCode.MALFORMED);
        assertRefused(bot.post("/v1/solicit", "[]"), RefusalCode.MALFORMED);
        SolicitationDraft d = draft(artist, "bad");
        assertRefused(bot.post("/v1/solicit", d.sign(artist).toJson().replace("\"signature\"", "\"x\":1,\"signature\"")), RefusalCode.MALFORMED);
        // signed by someone else than the artist it names
        Credentials impostor = newArtist();
        d.artist = impostor.getAddress();
        var byImpostor = d.sign(impostor);
        d.artist = artist.getAddress();
        assertRefused(bot.post("/v1/solicit", new Signed<>(d.message(), byImpostor.signature()).toJson()), RefusalCode.BAD_SIGNATURE);

        assertRefused(bot.post("/v1/solicit", expired(artist).sign(artist).toJson()), RefusalCode.EXPIRED);
        SolicitationDraft foreign = draft(artist, "foreign");
        foreign.chainId = 1;
        assertRefused(bot.post("/v1/solicit", foreign.sign(artist).toJson()), RefusalCode.WRONG_CHAIN);
        SolicitationDraft otherFactory = draft(artist, "factory");
        otherFactory.factory = "0x" + "12".repeat(20);
        assertRefused(bot.post("/v1/solicit", otherFactory.sign(artist).toJson()), RefusalCode.WRONG_FACTORY);
        SolicitationDraft mismatch = draft(artist, "mismatch");
        mismatch.release = "0x" + "34".repeat(20);
        assertRefused(bot.post("/v1/solicit", mismatch.sign(artist).toJson()), RefusalCode.ADDRESS_MISMATCH);
        SolicitationDraft rich = draft(artist, "rich");
        rich.deposit = SolicitationDraft.ETH.multiply(BigInteger.valueOf(6));
        assertRefused(bot.post("/v1/solicit", rich.sign(artist).toJson()), RefusalCode.OUTSIDE_POLICY);
        SolicitationDraft huge = draft(artist, "huge");
        huge.maxArchiveBytes = TestBot.POLICY.maxArchiveBytes() + 1;
        assertRefused(bot.post("/v1/solicit", huge.sign(artist).toJson()), RefusalCode.TOO_LARGE);
        assertTrue(bot.store.offers().get(31337, mismatch.release).isEmpty());
    }

    private static SolicitationDraft expired(Credentials artist) throws Exception {
        SolicitationDraft d = draft(artist, "expired");
        d.expiresAt = now() - 120;
        return d;
    }

    @Test
    void aFullBotRefusesWithNoCapacityAndALapsedOfferFreesItsSlot() throws Exception {
        try (TestBot full = TestBot.start(chain, dir.resolve("full"), 1)) {
            Credentials artist = newArtist();
            assertEquals(200, full.post("/v1/solicit", draft(artist, "one").sign(artist).toJson()).statusCode());
            assertRefused(full.post("/v1/solicit", draft(artist, "two").sign(artist).toJson()), RefusalCode.NO_CAPACITY);
            assertEquals(0, KeyholderInfo.fromJson(full.get("/v1/info").body().getBytes(StandardCharsets.UTF_8)).message().freeSlots());
            assertEquals(1, full.store.offers().slotsInUse(now()));
            assertEquals(0, full.store.offers().slotsInUse(now() + 86_401), "an offer unused past its validUntil stops counting");
        }
    }

    @Test
    void aClientOverItsRateIsRefusedWithRetryAfter() throws Exception {
        try (TestBot limited = TestBot.start(chain, dir.resolve("limited"), 8,
                TestBot.options(new RateLimit(3, 0.01), TestBot.LOOSE, Duration.ofSeconds(10)))) {
            for (int i = 0; i < 3; i++) assertEquals(200, limited.get("/v1/info").statusCode());
            HttpResponse<String> r = limited.get("/v1/info");
            assertRefused(r, RefusalCode.RATE_LIMITED);
            assertTrue(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow()) >= 50, r.headers().toString());
        }
        try (TestBot perArtist = TestBot.start(chain, dir.resolve("per-artist"), 8,
                TestBot.options(TestBot.LOOSE, new RateLimit(1, 0.01), Duration.ofSeconds(10)))) {
            Credentials artist = newArtist();
            assertEquals(200, perArtist.post("/v1/solicit", draft(artist, "a1").sign(artist).toJson()).statusCode());
            HttpResponse<String> r = perArtist.post("/v1/solicit", draft(artist, "a2").sign(artist).toJson());
            assertRefused(r, RefusalCode.RATE_LIMITED);
            assertTrue(r.headers().firstValue("Retry-After").isPresent());
            Credentials other = newArtist();
            assertEquals(200, perArtist.post("/v1/solicit", draft(other, "b1").sign(other).toJson()).statusCode(), "another artist has its own bucket");
        }
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsParsed() throws Exception {
        String big = "{\"pad\":\"" + "x".repeat(20_000) + "\"}";
        assertRefused(bot.post("/v1/solicit", big), RefusalCode.TOO_LARGE);
        assertRefused(bot.post("/v1/commit", big), RefusalCode.TOO_LARGE);
        // without a Content-Length (chunked), cut at the limit while reading
        try (Socket s = new Socket("127.0.0.1", bot.server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/solicit HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "x".repeat(4096).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 3; i++) {
                out.write(("1000\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            assertTrue(statusLine(s.getInputStream()).startsWith("HTTP/1.1 413"));
        }
    }

    @Test
    void aBodyThatTricklesInIsCutAtTheDeadline() throws Exception {
        try (TestBot slow = TestBot.start(chain, dir.resolve("slow"), 8, TestBot.options(TestBot.LOOSE, TestBot.LOOSE, Duration.ofSeconds(1)));
             Socket s = new Socket("127.0.0.1", slow.server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("POST /v1/solicit HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"chainId\":".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            assertEquals(-1, s.getInputStream().read(), "the connection is closed without an answer");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 800 && ms < 5_000, "cut after " + ms + " ms");
            assertEquals(200, slow.get("/v1/info").statusCode(), "the server still answers others");
        }
    }

    @Test
    void unknownPathsWrongMethodsAndPreflightsAreAnsweredAsSection8Says() throws Exception {
        assertRefused(bot.get("/v2/nothing"), RefusalCode.NOT_FOUND);
        HttpResponse<String> wrong = bot.get("/v1/solicit");
        assertEquals(405, wrong.statusCode());
        assertEquals(RefusalCode.MALFORMED, HiringMessageException.fromJson(wrong.body()).code());
        assertEquals("POST, OPTIONS", wrong.headers().firstValue("Allow").orElseThrow());
        var preflight = bot.http.send(java.net.http.HttpRequest.newBuilder(bot.uri("/v1/solicit")).method("OPTIONS",
                java.net.http.HttpRequest.BodyPublishers.noBody()).header("Origin", "https://example.org").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, preflight.statusCode());
        assertEquals("*", preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertEquals("GET, POST, PUT", preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow());
    }

    @Test
    void commitReportsHealthAndMetricsCarryTheEnginesAnswers() throws Exception {
        HttpResponse<String> c = bot.post("/v1/commit", "{\"release\":\"" + FixedReleaseDesk.KNOWN + "\"}");
        assertEquals(202, c.statusCode(), c.body());
        assertEquals("{\"release\":\"" + FixedReleaseDesk.KNOWN + "\",\"slot\":3,\"action\":\"enrol\",\"status\":\"BROADCAST\",\"txHash\":\""
                + FixedReleaseDesk.TX + "\"}", c.body());
        assertRefused(bot.post("/v1/commit", "{\"release\":\"0x" + "01".repeat(20) + "\"}"), RefusalCode.NOT_READY);
        assertRefused(bot.post("/v1/commit", "{\"release\":\"0x" + "01".repeat(20) + "\",\"x\":1}"), RefusalCode.MALFORMED);
        assertRefused(bot.post("/v1/commit", "{\"release\":12}"), RefusalCode.MALFORMED);

        HttpResponse<String> r = bot.get("/v1/releases/" + FixedReleaseDesk.KNOWN);
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"actions\":[{\"kind\":\"enrol\",\"status\":\"BROADCAST\",\"nonce\":7,\"txHash\":\"" + FixedReleaseDesk.TX
                + "\"},{\"kind\":\"draw-samples\",\"status\":\"INTENDED\",\"nonce\":null,\"txHash\":null}]"), r.body());
        assertTrue(r.body().contains("\"archiveCid\":null"), r.body());
        assertRefused(bot.get("/v1/releases/0x" + "02".repeat(20)), RefusalCode.NOT_FOUND);
        assertRefused(bot.get("/v1/releases/nonsense"), RefusalCode.MALFORMED);

        assertEquals("{\"status\":\"ok\",\"chainId\":31337,\"head\":120,\"cursor\":118,\"lagBlocks\":2}", bot.get("/healthz").body());
        HttpResponse<String> m = bot.get("/metrics");
        assertEquals(200, m.statusCode());
        assertTrue(m.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        assertTrue(m.body().contains("unveil_keyholder_http_requests_total{endpoint=\"commit\",status=\"202\"}"), m.body());
        assertTrue(m.body().contains("unveil_keyholder_http_refusals_total{endpoint=\"commit\",code=\"not-ready\"}"), m.body());
        assertTrue(m.body().contains("unveil_keyholder_chain_head 120"), m.body());
        assertNotEquals(-1, m.body().indexOf("# TYPE unveil_keyholder_http_requests_total counter"));
    }

    @Test
    void aDegradedEngineAnswers503() throws Exception {
        bot.engine.health = Health.degraded(31337, 200, 100, "the last successful poll was 75 s ago");
        try {
            HttpResponse<String> r = bot.get("/healthz");
            assertEquals(503, r.statusCode());
            assertEquals("{\"status\":\"degraded\",\"chainId\":31337,\"head\":200,\"cursor\":100,\"lagBlocks\":100,"
                    + "\"reason\":\"the last successful poll was 75 s ago\"}", r.body());
        } finally {
            bot.engine.health = Health.ok(31337, 120, 118);
        }
    }

    private static String statusLine(InputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) line.append((char) b);
        return line.toString();
    }
}
