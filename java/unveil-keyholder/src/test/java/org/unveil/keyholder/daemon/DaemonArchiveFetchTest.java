package org.unveil.keyholder.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.archive.Cut;
import org.unveil.archive.FileSpec;
import org.unveil.archive.keys.GroupSpec;
import org.unveil.eth.DevChain;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseFactoryClient;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.Slot;
import org.unveil.eth.Wei;
import org.unveil.eth.hiring.RefusalCode;
import org.unveil.ipfs.CarWriter;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.DagScope;
import org.unveil.ipfs.DagWalker;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.gateway.TrustlessGateway;
import org.unveil.release.hire.BotException;
import org.unveil.release.hire.Launch;

/**
 * "A bot can instead fetch the CID from gateways the artist names": the artist serves the archive
 * from its own trustless gateway and names it in the commit; the bot fetches it with every block
 * verified and enrols. A gateway that serves a tampered block is refused with the reason (409
 * not-ready, nothing kept, nothing enrolled), and the same launch, run again naming a good gateway,
 * goes on from where it stopped.
 */
class DaemonArchiveFetchTest {
    private static DevChain chain;
    private static Daemon bot;
    private static HttpServer tampering;
    private static TrustlessGateway honest;
    private static FsBlockStore artistBlocks;
    @TempDir static Path dir;

    @BeforeAll
    static void start() throws Exception {
        chain = DevChain.start();
        chain.intervalMining(250);
        bot = Fleet.prepare(chain, dir, List.of(2), 1).get(0).start();
        // The launch imports the archive it packs into its work directory's block store; the artist's gateways serve that store.
        artistBlocks = FsBlockStore.open(dir.resolve("fetched.launch").resolve("blocks"));
        honest = TrustlessGateway.start(artistBlocks, 0);
        // Serves the DAG as a CAR, with one byte of the last block flipped: what a hostile or broken gateway sends.
        tampering = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        tampering.createContext("/ipfs/", ex -> {
            Cid root = Cid.parse(ex.getRequestURI().getPath().substring("/ipfs/".length()));
            ByteArrayOutputStream car = new ByteArrayOutputStream();
            CarWriter w = new CarWriter(car, List.of(root));
            List<byte[][]> blocks = new java.util.ArrayList<>();
            DagWalker.walk(root, artistBlocks, DagScope.ALL, null, (cid, block) -> blocks.add(new byte[][] {cid.bytes(), block.clone()}));
            byte[] last = blocks.get(blocks.size() - 1)[1];
            last[last.length - 1] ^= 1;
            for (byte[][] b : blocks) w.write(Cid.fromBytes(b[0]), b[1]);
            w.flush();
            ex.getResponseHeaders().set("Content-Type", "application/vnd.ipld.car");
            ex.sendResponseHeaders(200, car.size());
            try (OutputStream out = ex.getResponseBody()) {
                car.writeTo(out);
            }
        });
        tampering.start();
    }

    @AfterAll
    static void stop() {
        if (bot != null) bot.close();
        if (tampering != null) tampering.stop(0);
        if (honest != null) honest.close();
        if (artistBlocks != null) artistBlocks.close();
        if (chain != null) chain.close();
    }

    @Test
    void theBotFetchesTheArchiveFromTheArtistsGatewayVerifiedAndRefusesATamperedOne() throws Exception {
        var c = chain.chain();
        byte[] song = new byte[120_000];
        new Random(11).nextBytes(song);
        Path file = Files.write(dir.resolve("song.bin"), song);
        URI bad = URI.create("http://127.0.0.1:" + tampering.getAddress().getPort());
        Launch.Plan viaTampering = plan(file, List.of(bad));
        Launch launch = new Launch(c, chain.account(1), ReleaseFactoryClient.at(c, chain.deployment().factory()), Launch.Progress.NONE);

        BotException refused = assertThrows(BotException.class, () -> launch.run(viaTampering));
        assertEquals(RefusalCode.NOT_READY, refused.code(), refused.getMessage());
        assertTrue(refused.getMessage().contains("no gateway named delivered a verifying copy"), refused.getMessage());
        String release = ReleaseFactoryClient.at(c, chain.deployment().factory()).predictAddress(chain.account(1).getAddress(),
                org.unveil.release.Artist.salt32("fetched"));
        ReleaseClient r = ReleaseClient.at(c, release);
        assertEquals(Slot.Status.VACANT, r.slot(0).status(), "nothing enrolled on a tampered archive");
        HttpResponse<String> report = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(bot.uri() + "/v1/releases/" + release)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(!report.body().contains("\"archiveCid\":\"b"), "no archive recorded: " + report.body());

        // The same launch, naming the honest gateway too, resumes: created already, the bot fetches and enrols.
        Launch.Result done = launch.run(plan(file, List.of(bad, honest.uri())));
        assertEquals(release, done.release());
        assertEquals(ReleaseState.OPEN, r.state());
        assertEquals(Slot.Status.ENROLLED, r.slot(0).status());
    }

    private static Launch.Plan plan(Path file, List<URI> gateways) {
        return new Launch.Plan(List.of(new FileSpec(file, "song.bin", Cut.everyBytes(30_000), Set.of(0))), "test license", List.of(new GroupSpec(1, 1)),
                Wei.parse("1eth"), Wei.parse("0.8eth"), Wei.parse("0.1eth"), Duration.ofHours(2), Duration.ofDays(1), Duration.ofHours(2), 1, "fetched",
                List.of(bot.uri()), gateways, dir.resolve("fetched.tar"), dir.resolve("fetched.tar.secret"), dir.resolve("fetched.launch"));
    }
}
