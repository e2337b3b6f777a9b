package org.unveil.keyholder.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.archive.Cut;
import org.unveil.archive.FileSpec;
import org.unveil.archive.ProgressListener;
import org.unveil.archive.keys.GroupSpec;
import org.unveil.eth.DevChain;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseFactoryClient;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.Slot;
import org.unveil.eth.Wei;
import org.unveil.release.Fan;
import org.unveil.release.Gateways;
import org.unveil.release.hire.Launch;

/**
 * The main job's mechanism with nothing by hand on the keyholders' side: eight keyholder daemons
 * (each with its own keystore, configuration file, SQLite state and port, found by the artist in
 * the registry) are hired through the protocol by the artist's {@link Launch}, enrol, draw the
 * samples, publish their shares on their own once the funding is final, serve the archive on their
 * gateways, settle and claim; then a second release in which group 0's bots are stopped is
 * completed by the backup group.
 */
class DaemonReleaseTest {
    private static DevChain chain;
    private static final List<Daemon> daemons = new ArrayList<>();
    private static List<Fleet.Bot> bots;
    @TempDir static Path dir;

    @BeforeAll
    static void start() throws Exception {
        chain = DevChain.start();
        chain.intervalMining(250);
        bots = Fleet.prepare(chain, dir, List.of(2, 3, 4, 5, 6, 7, 8, 9), 2);
        for (Fleet.Bot b : bots) daemons.add(b.start());
    }

    @AfterAll
    static void stop() {
        for (Daemon d : daemons) if (d != null) d.close();
        if (chain != null) chain.close();
    }

    private static Launch.Plan plan(String salt, Path song) {
        return new Launch.Plan(List.of(new FileSpec(song, "song.bin", Cut.everyBytes(40_000), Set.of(0))), "test license",
                List.of(new GroupSpec(3, 4), new GroupSpec(3, 4)), Wei.parse("3eth"), Wei.parse("2.6eth"), Wei.parse("0.1eth"), Duration.ofHours(2),
                Duration.ofDays(1), Duration.ofHours(2), 3, salt, List.of(), List.of(), dir.resolve(salt + ".tar"), dir.resolve(salt + ".tar.secret"),
                dir.resolve(salt + ".launch"));
    }

    private static Path song(String name) throws Exception {
        byte[] bytes = new byte[400_000];
        new Random(name.hashCode()).nextBytes(bytes);
        return Files.write(dir.resolve(name + ".bin"), bytes);
    }

    private static void await(Fleet.Condition c, Duration timeout, String what) throws Exception {
        Fleet.await(c, timeout, () -> what);
    }

    @Test
    void eightBotDaemonsTakeAReleaseFromSolicitationToSettlementAndABackupGroupFinishesOne() throws Exception {
        var c = chain.chain();
        var factory = ReleaseFactoryClient.at(c, chain.deployment().factory());
        Path song = song("first");
        Launch.Result r = new Launch(c, chain.account(1), factory, Launch.Progress.NONE).run(plan("first", song));
        ReleaseClient release = ReleaseClient.at(c, r.release());
        assertEquals(ReleaseState.OPEN, release.state(), "every bot enrolled, the samples were revealed");
        assertEquals(8, Set.copyOf(r.keyholders()).size(), "eight distinct keyholders, found in the registry");

        // The bots serve the archive: a fan verifies and unlocks from their gateways.
        Gateways fromBots = Gateways.of(List.of(daemons.get(0).uri().toString(), daemons.get(5).uri().toString()));
        Fan fan = new Fan(c, fromBots);
        Fan.pledge(c.sender(chain.account(12)), release, Wei.parse("3eth"), fan.verify(release, null));
        await(() -> release.state() == ReleaseState.RELEASED, Duration.ofSeconds(60), "the bots to publish and the release to be Released");
        List<Path> out = fan.unlock(release, dir.resolve("unlocked"), ProgressListener.NONE);
        assertArrayEquals(Files.readAllBytes(song), Files.readAllBytes(out.get(0)));
        // Every bot publishes (a share after its group recombined still earns the fee); a race lost within a block is tried again.
        await(() -> release.slots().stream().filter(s -> s.status() == Slot.Status.PUBLISHED).count() == 8, Duration.ofSeconds(60), "every share");

        // The bot reports what it holds and will do.
        HttpResponse<String> report = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(daemons.get(0).uri() + "/v1/releases/" + r.release())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, report.statusCode());
        assertTrue(report.body().contains("\"publish_share\"") && report.body().contains("CONFIRMED"), report.body());

        // Settlement and claims, all by the bots as keepers.
        chain.increaseTime(Duration.ofHours(2).plusMinutes(1));
        await(() -> release.state() == ReleaseState.SETTLED, Duration.ofSeconds(60), "a bot to settle");
        chain.increaseTime(Duration.ofDays(1).plusMinutes(1));
        await(() -> release.slots().stream().allMatch(Slot::claimed), Duration.ofSeconds(60), "every bot to claim its deposit and fee");

        // A second release: group 0's four bots stop after enrolling; the backup group releases it.
        Launch.Result second = new Launch(c, chain.account(1), factory, Launch.Progress.NONE).run(plan("second", song("second")));
        ReleaseClient backup = ReleaseClient.at(c, second.release());
        List<String> group0 = second.keyholders().subList(0, 4);
        for (int i = 0; i < bots.size(); i++) {
            if (group0.contains(bots.get(i).address())) {
                daemons.get(i).close();
                daemons.set(i, null);
            }
        }
        Fan.pledge(c.sender(chain.account(13)), backup, Wei.parse("3eth"), new Fan(c, Gateways.of(List.of(liveBot().toString()))).verify(backup, null));
        await(() -> backup.state() == ReleaseState.RELEASED, Duration.ofSeconds(60), "the backup group to release it");
        // Three shares released it; the fourth bot of the backup group publishes too, for its fee.
        await(() -> backup.slots().subList(4, 8).stream().allMatch(s -> s.status() == Slot.Status.PUBLISHED), Duration.ofSeconds(60),
                "every bot of the backup group to publish");
        for (int s = 0; s < 4; s++) assertEquals(Slot.Status.ENROLLED, backup.slot(s).status(), "group 0's stopped bots published nothing");
        assertTrue(c.balance(chain.account(12).getAddress()).signum() > 0);
        assertEquals(BigInteger.ZERO, backup.pledgeOf(chain.account(12).getAddress()));
    }

    private static URI liveBot() {
        for (Daemon d : daemons) if (d != null) return d.uri();
        throw new AssertionError("no bot running");
    }
}
