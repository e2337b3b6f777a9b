package org.unveil.keyholder.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.archive.Cut;
import org.unveil.archive.FileSpec;
import org.unveil.archive.keys.GroupSpec;
import org.unveil.eth.DevChain;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseEvent;
import org.unveil.eth.ReleaseFactoryClient;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.Slot;
import org.unveil.eth.Wei;
import org.unveil.keyholder.chain.RpcFaultProxy;
import org.unveil.release.hire.Launch;

/**
 * Keyholder daemons whose node misbehaves as public endpoints do: three of four bots reach the
 * Hardhat node only through a {@link RpcFaultProxy} (each seeded) that drops connections, answers
 * late, rate-limits with 429, fails with 502 and -32603, sends garbage, refuses eth_getLogs over
 * more than a few blocks and now and then reports a head some blocks behind. Every kind of fault
 * hits every kind of call, the transactions' included. The release is hired by {@link Launch} and
 * taken to its end by the bots alone: no event is missed (every bot enrols, publishes, settles and
 * claims), no action is doubled (one publication per slot, the nonces each bot journaled are
 * exactly those the chain mined for it, without a gap), and every action is final.
 */
class DaemonRpcFaultTest {
    private static final int CONFIRMATIONS = 2;
    private static final List<Integer> ACCOUNTS = List.of(2, 3, 4, 5);
    private static final int FAULTY = 3;
    private static final Duration REVEAL_WINDOW = Duration.ofHours(2);
    private static DevChain chain;
    private static final List<RpcFaultProxy> proxies = new ArrayList<>();
    private static final List<Daemon> daemons = new ArrayList<>();
    private static List<Fleet.Bot> bots;
    private static final Map<String, Long> firstNonce = new java.util.HashMap<>();
    @TempDir static Path dir;

    @BeforeAll
    static void start() throws Exception {
        chain = DevChain.start();
        chain.intervalMining(250);
        bots = Fleet.prepare(chain, dir, ACCOUNTS, CONFIRMATIONS);
        for (int i = 0; i < bots.size(); i++) {
            Fleet.Bot b = bots.get(i);
            firstNonce.put(b.address(), chain.chain().minedNonce(b.address())); // its registration is the parent's; what follows is the bot's
            if (i < FAULTY) {
                RpcFaultProxy proxy = RpcFaultProxy.start(chain.rpcUrl(), 1_000 + i);
                proxies.add(proxy);
                Files.writeString(b.config(), Files.readString(b.config()).replace("rpc = \"" + chain.rpcUrl() + "\"", "rpc = \"" + proxy.url() + "\""));
            }
            daemons.add(b.start());
        }
        // Faults start once the daemons are up: a start-up check that fails is a refusal to start, tested elsewhere.
        // Every request of a pass goes through the proxy and a pass of twenty calls fails on any one
        // failure (it is simply run again), so the failing kinds are a few percent each, about 6 % in
        // all: a bad public endpoint, on which every pass fails now and then and most steps need
        // several. The cap and the stale head, which the watcher must work around, hit far more often.
        for (RpcFaultProxy p : proxies) {
            p.drop(0.01).delay(0.05, Duration.ofMillis(300)).tooManyRequests(0.02, true).serverError(0.01).internalError(0.01).garbage(0.01)
                    .capLogRange(4).staleHead(0.15, 3);
        }
    }

    @AfterAll
    static void stop() {
        for (Daemon d : daemons) d.close();
        for (RpcFaultProxy p : proxies) p.close();
        if (chain != null) chain.close();
    }

    @Test
    void daemonsBehindAFaultyNodeMissNoEventAndDoubleNoAction() throws Exception {
        var c = chain.chain();
        var factory = ReleaseFactoryClient.at(c, chain.deployment().factory());
        byte[] song = new byte[100_000];
        new Random(7).nextBytes(song);
        Path file = Files.write(dir.resolve("song.bin"), song);
        Launch.Plan plan = new Launch.Plan(List.of(new FileSpec(file, "song.bin", Cut.everyBytes(25_000), Set.of(0))), "test license",
                List.of(new GroupSpec(2, 2), new GroupSpec(2, 2)), Wei.parse("2eth"), Wei.parse("1.6eth"), Wei.parse("0.1eth"), Duration.ofHours(2),
                Duration.ofDays(1), REVEAL_WINDOW, 1, "faulty", daemons.stream().map(Daemon::uri).toList(), List.of(), dir.resolve("faulty.tar"),
                dir.resolve("faulty.tar.secret"), dir.resolve("faulty.launch"));
        Launch.Result launched = null;
        // A bot whose node failed it answers "internal" (retryable); the artist runs the launch again, as its message says.
        for (int attempt = 0; launched == null; attempt++) {
            try {
                launched = new Launch(c, chain.account(1), factory, Launch.Progress.NONE).run(plan);
            } catch (IOException e) {
                if (attempt >= 30) throw e;
                Thread.sleep(200);
            }
        }
        ReleaseClient release = ReleaseClient.at(c, launched.release());
        release.pledge(c.sender(chain.account(12)), release.params().goal());
        Fleet.await(() -> release.slots().stream().allMatch(s -> s.status() == Slot.Status.PUBLISHED), Duration.ofSeconds(60), () -> "every share published");
        chain.increaseTime(REVEAL_WINDOW.plusMinutes(1));
        Fleet.await(() -> release.state() == ReleaseState.SETTLED, Duration.ofSeconds(60), () -> "a bot to settle");
        chain.increaseTime(Duration.ofSeconds(ReleaseClient.ACCUSATION_WINDOW_SECONDS).plusMinutes(1));
        Fleet.await(() -> release.slots().stream().allMatch(Slot::claimed), Duration.ofSeconds(60), () -> "every bot to claim its deposit and fee");
        for (Daemon d : daemons) {
            Fleet.await(() -> Fleet.pendingActions(d.uri(), release.address()) == 0, Duration.ofSeconds(60), () -> d.uri() + " to see its claim final");
        }
        // The watchers behind the proxies read every block up to the last event, capped ranges and stale heads notwithstanding.
        long lastEvent = release.events().stream().mapToLong(e -> e.position().blockNumber().longValueExact()).max().orElseThrow();
        for (Daemon d : daemons) {
            Fleet.await(() -> metric(d, "unveil_keyholder_cursor_block") >= lastEvent, Duration.ofSeconds(30),
                    () -> d.uri() + "'s watcher to read up to block " + lastEvent);
        }
        for (int i = 0; i < FAULTY; i++) assertTrue(metric(daemons.get(i), "unveil_keyholder_watch_chunk_halvings_total") > 0, "the range cap was met");
        for (Daemon d : daemons) d.close();
        daemons.clear();

        Map<Integer, Integer> publications = new java.util.TreeMap<>();
        for (ReleaseEvent e : release.events()) {
            if (e instanceof ReleaseEvent.SharePublished p) publications.merge(p.slot(), 1, Integer::sum);
        }
        assertEquals(Map.of(0, 1, 1, 1, 2, 1, 3, 1), publications, "every slot's share published exactly once");
        for (Fleet.Bot b : bots) checkJournal(b, release.address());
        // Over the three proxies' hundreds of requests each kind is injected (counted together: at 1 % one
        // proxy alone may see none of a kind in a fast run, which would make the check flaky, not stricter).
        for (RpcFaultProxy.Fault f : RpcFaultProxy.Fault.values()) {
            assertTrue(proxies.stream().mapToInt(p -> p.injected(f)).sum() > 0, f + " was never injected: the run tested less than it says");
        }
    }

    /** A value of the bot's {@code GET /metrics}. */
    private static long metric(Daemon d, String name) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(d.uri().resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        for (String line : r.body().split("\n")) {
            if (line.startsWith(name + " ")) return Long.parseLong(line.substring(name.length() + 1).trim());
        }
        throw new AssertionError("no metric " + name + " in " + r.body());
    }

    /** Every action final, and the nonces the bot journaled exactly the ones the chain mined for it since it started: none doubled, none skipped. */
    private static void checkJournal(Fleet.Bot b, String release) throws Exception {
        List<Long> nonces = FinalJournal.read(b.load().stateFile(), chain.chain().chainId(), release, b.address()).nonces();
        long first = firstNonce.get(b.address());
        long mined = chain.chain().minedNonce(b.address());
        assertEquals(LongStream.range(first, mined).boxed().toList(), new ArrayList<>(new TreeSet<>(nonces)),
                b.address() + ": the nonces journaled are not those mined from " + first + " to " + (mined - 1));
    }
}
