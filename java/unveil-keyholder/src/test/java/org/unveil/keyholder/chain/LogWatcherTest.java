package org.unveil.keyholder.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.unveil.eth.Chain;
import org.unveil.eth.ChainException;
import org.unveil.keyholder.chain.RpcFaultProxy.Fault;
import org.unveil.keyholder.store.BlockRef;
import org.unveil.keyholder.store.KeyholderStore;
import org.unveil.keyholder.store.LogKey;

/**
 * The watcher against a real Hardhat node, read directly or through {@link RpcFaultProxy}: every
 * log of a long history exactly once and in order whatever the node does, capped ranges, reorgs
 * (evm_snapshot / evm_revert), failed polls, restarts and stale heads. The node's own eth_getLogs,
 * read directly, is the oracle.
 */
class LogWatcherTest {
    private static final String WATCHED = WatchTestChain.topic("Watched(uint256)");
    private static final String ALSO_WATCHED = WatchTestChain.topic("AlsoWatched(uint256)");
    private static final String IGNORED = WatchTestChain.topic("Ignored(uint256)");
    private static final Set<String> TOPICS = Set.of(WATCHED, ALSO_WATCHED);
    /** Small chunks and quick retries, so a few hundred blocks make many chunks and faults cost milliseconds. */
    private static final WatchSettings FAST = WatchSettings.defaults().withChunks(64, 640).withRetries(8, Duration.ofMillis(2), Duration.ofMillis(40));

    private static WatchTestChain node;
    /** The long history every fault scenario reads: two watched emitters, one ignored, over several hundred blocks. */
    private static History history;

    @TempDir
    Path dir;

    private record History(Set<String> addresses, long start, long end, List<LogKey> expected) {}

    @BeforeAll
    static void startNodeAndWriteHistory() throws IOException {
        node = WatchTestChain.start();
        String a = node.deployEmitter();
        String b = node.deployEmitter();
        String ignored = node.deployEmitter();
        long start = node.head();
        java.util.Random r = new java.util.Random(12);
        for (int i = 0; i < 40; i++) {
            node.emit(i % 3 == 0 ? b : a, 1 + r.nextInt(6), i % 4 == 0 ? ALSO_WATCHED : WATCHED, i);
            if (i % 5 == 0) node.emit(a, 2, IGNORED, i);
            if (i % 7 == 0) node.emit(ignored, 2, WATCHED, i);
            node.mine(r.nextInt(25));
        }
        Set<String> addresses = Set.of(a, b);
        history = new History(addresses, start, node.head(), node.logs(addresses, TOPICS, start));
        assertTrue(history.expected().size() > 100, "a history long enough to matter: " + history.expected().size() + " logs");
    }

    @AfterAll
    static void stopNode() {
        if (node != null) node.close();
    }

    static Stream<Arguments> faults() {
        List<Arguments> cases = new ArrayList<>();
        Consumer<RpcFaultProxy> all = p -> p.drop(0.05).delay(0.05, Duration.ofMillis(20)).tooManyRequests(0.05, true).serverError(0.05).internalError(0.05)
                .garbage(0.05).capLogRange(20).staleHead(0.3, 40);
        for (long s = 1; s <= 3; s++) {
            long seed = s;
            cases.add(Arguments.of("drop", seed, Set.of(Fault.DROP), (Consumer<RpcFaultProxy>) p -> p.drop(0.25)));
            cases.add(Arguments.of("delay", seed, Set.of(Fault.DELAY), (Consumer<RpcFaultProxy>) p -> p.delay(0.5, Duration.ofMillis(15))));
            cases.add(Arguments.of("429", seed, Set.of(Fault.TOO_MANY_REQUESTS), (Consumer<RpcFaultProxy>) p -> p.tooManyRequests(0.25, seed % 2 == 0)));
            cases.add(Arguments.of("5xx and -32603", seed, Set.of(Fault.SERVER_ERROR, Fault.INTERNAL_ERROR), (Consumer<RpcFaultProxy>) p -> p.serverError(0.15).internalError(0.15)));
            cases.add(Arguments.of("garbage", seed, Set.of(Fault.GARBAGE), (Consumer<RpcFaultProxy>) p -> p.garbage(0.25)));
            cases.add(Arguments.of("capped range", seed, Set.of(Fault.RANGE_CAPPED), (Consumer<RpcFaultProxy>) p -> p.capLogRange(5 + 7 * seed)));
            cases.add(Arguments.of("stale head", seed, Set.of(Fault.STALE_HEAD), (Consumer<RpcFaultProxy>) p -> p.staleHead(0.5, 30)));
            cases.add(Arguments.of("all together", seed, Set.of(Fault.DROP, Fault.RANGE_CAPPED, Fault.STALE_HEAD), all));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("faults")
    void everyLogOnceInChainOrderWhateverTheNodeDoes(String name, long seed, Set<Fault> mustHappen, Consumer<RpcFaultProxy> faults) throws Exception {
        try (RpcFaultProxy proxy = RpcFaultProxy.start(node.rpcUrl(), seed); Chain chain = Chain.connect(proxy.url());
                KeyholderStore store = KeyholderStore.open(dir.resolve("state.db"))) {
            faults.accept(proxy);
            // 128 blocks a poll, so a drain is several polls, each asking for the head
            LogWatcher watcher = new LogWatcher(chain, store.cursors(), factory(), history.start(), FAST.withChunks(64, 128), Clock.systemUTC());
            List<LogKey> got = drain(watcher, history.addresses(), history.end());
            assertEquals(history.expected(), got, "every log once, in chain order");
            BlockRef cursor = store.cursors().get(chain.chainId(), factory()).orElseThrow();
            assertTrue(cursor.number() >= history.end(), "at the head: " + cursor);
            assertEquals(node.blockHash(cursor.number()), cursor.hash(), "on the node's chain");
            for (Fault f : mustHappen) assertTrue(proxy.injected(f) > 0, f + " was injected");
            assertEquals(0, watcher.metrics().reorgs(), "faults are not reorgs");
        }
    }

    @Test
    void aCappedRangeHalvesTheChunkAndGrowsBackAfterwards() throws Exception {
        try (RpcFaultProxy proxy = RpcFaultProxy.start(node.rpcUrl(), 7); Chain chain = Chain.connect(proxy.url());
                KeyholderStore store = KeyholderStore.open(dir.resolve("state.db"))) {
            proxy.capLogRange(10);
            LogWatcher watcher = new LogWatcher(chain, store.cursors(), factory(), history.start(), FAST.withChunks(256, 100_000), Clock.systemUTC());
            assertEquals(history.expected(), drain(watcher, history.addresses(), history.end()));
            WatchMetrics m = watcher.metrics();
            assertTrue(m.chunkHalvings() >= 5, "256 -> 8 is five halvings at least: " + m);
            assertTrue(m.chunkSize() <= 16, "it stays near the cap: " + m);
            proxy.clear();
            node.mine(2_000); // 8 -> 256 is five doublings, each after GROW_AFTER reads: 1,984 blocks
            drain(watcher, history.addresses(), node.head());
            assertEquals(256, watcher.metrics().chunkSize(), "grown back to the maximum once the cap is gone");
        }
    }

    @Test
    void aCapOfOneBlockStillReadsEverything() throws Exception {
        String e = node.deployEmitter();
        long start = node.head();
        for (int i = 0; i < 4; i++) {
            node.emit(e, 3, WATCHED, i);
            node.mine(3);
        }
        List<LogKey> expected = node.logs(Set.of(e), TOPICS, start);
        try (RpcFaultProxy proxy = RpcFaultProxy.start(node.rpcUrl(), 3); Chain chain = Chain.connect(proxy.url());
                KeyholderStore store = KeyholderStore.open(dir.resolve("state.db"))) {
            proxy.capLogRange(1);
            LogWatcher watcher = new LogWatcher(chain, store.cursors(), e, start, FAST, Clock.systemUTC());
            assertEquals(expected, drain(watcher, Set.of(e), node.head()));
            assertTrue(watcher.metrics().chunkSize() <= 2, "it tries 2 blocks again now and then, no more: " + watcher.metrics());
        }
    }

    @Test
    void aSingleBlockRefusedFailsNamingTheBlockAndTheNode() throws Exception {
        try (RpcFaultProxy proxy = RpcFaultProxy.start(node.rpcUrl(), 5); Chain chain = Chain.connect(proxy.url());
                KeyholderStore store = KeyholderStore.open(dir.resolve("state.db"))) {
            proxy.capLogRange(0);
            LogWatcher watcher = new LogWatcher(chain, store.cursors(), factory(), history.start(), FAST, Clock.systemUTC());
            ChainException e = assertThrows(ChainException.class, () -> watcher.poll(history.addresses(), TOPICS));
            String where = proxy.url().replace("http://", "");
            assertTrue(e.getMessage().contains("blocks " + history.start() + ".." + history.start()) && e.getMessage().contains(where)
                    && e.getMessage().contains("single block"), e.getMessage());
            assertEquals(Optional.empty(), store.cursors().get(chain.chainId(), factory()));
            assertEquals(1, watcher.metrics().failedPolls());
        }
    }

    @Test
    void aFailedPollChangesNothingAndTheNextReturnsEverythingOnce() throws Exception {
        try (RpcFaultProxy proxy = RpcFaultProxy.start(node.rpcUrl(), 11); Chain chain = Chain.connect(proxy.url());
                KeyholderStore store = KeyholderStore.open(dir.resolve("state.db"))) {
            LogWatcher watcher = new LogWatcher(chain, store.cursors(), factory(), history.start(), FAST.withChunks(64, 100_000), Clock.systemUTC());
            proxy.drop(1.0);
            assertThrows(ChainException.class, () -> watcher.poll(history.addresses(), TOPICS));
            // A poll that fails half-way: several chunks read, then the node goes away.
            proxy.passNext(12);
            ChainException e = assertThrows(ChainException.class, () -> watcher.poll(history.addresses(), TOPICS));
            assertTrue(e.getMessage().contains("failed 8 times") && e.getMessage().contains("Nothing of this poll was committed"), e.getMessage());
            assertEquals(Optional.empty(), store.cursors().get(chain.chainId(), factory()), "the cursor did not move");
            for (LogKey k : history.expected()) assertFalse(store.cursors().seen(k), "no log was recorded as seen");
            assertEquals(2, watcher.metrics().failedPolls());
            proxy.clear();
            assertEquals(history.expected(), drain(watcher, history.addresses(), history.end()));
        }
    }

    @Test
    void aRestartedWatcherContinuesFromTheCursorWithoutRepeating() throws Exception {
        Path file = dir.resolve("state.db");
        List<LogKey> got = new ArrayList<>();
        WatchSettings small = FAST.withChunks(32, 96);
        try (Chain chain = Chain.connect(node.rpcUrl()); KeyholderStore store = KeyholderStore.open(file)) {
            LogWatcher first = new LogWatcher(chain, store.cursors(), factory(), history.start(), small, Clock.systemUTC());
            for (int i = 0; i < 2; i++) {
                Poll p = first.poll(history.addresses(), TOPICS);
                assertFalse(p.caughtUp(), "96 blocks a poll: not there yet");
                p.logs().forEach(l -> got.add(l.key()));
            }
        }
        try (Chain chain = Chain.connect(node.rpcUrl()); KeyholderStore store = KeyholderStore.open(file)) {
            LogWatcher second = new LogWatcher(chain, store.cursors(), factory(), history.start(), small, Clock.systemUTC());
            assertEquals(history.start() + 2 * 96 - 1, store.cursors().get(chain.chainId(), factory()).orElseThrow().number());
            got.addAll(drain(second, history.addresses(), history.end()));
        }
        assertEquals(history.expected(), got);
    }

    @Test
    void aReorgIsReportedAndTheNewChainsLogsReplaceTheUndoneOnes() throws Exception {
        String e = node.deployEmitter();
        long start = node.head();
        try (Chain chain = Chain.connect(node.rpcUrl()); KeyholderStore store = KeyholderStore.open(dir.resolve("state.db"))) {
            LogWatcher watcher = new LogWatcher(chain, store.cursors(), e, start, FAST, Clock.systemUTC());
            node.emit(e, 2, WATCHED, 1);
            node.mine(2);
            List<LogKey> kept = keys(watcher.poll(Set.of(e), TOPICS));
            assertEquals(2, kept.size());

            String snapshot = node.snapshot();
            node.emit(e, 3, WATCHED, 2);
            node.mine(2);
            node.emit(e, 1, WATCHED, 3);
            Poll before = watcher.poll(Set.of(e), TOPICS);
            List<LogKey> undone = keys(before);
            assertEquals(4, undone.size());
            long oldCursor = before.cursor().orElseThrow().number();

            node.revert(snapshot);
            node.emit(e, 2, ALSO_WATCHED, 4);
            node.mine(3);
            node.emit(e, 1, WATCHED, 5);
            node.mine(2);
            Poll after = watcher.poll(Set.of(e), TOPICS);
            assertTrue(after.reorged(), "the reorg is reported");
            assertTrue(after.reorgDepth() >= oldCursor - kept.getLast().blockNumber() && after.reorgDepth() <= FAST.maxReorgDepth(), "depth " + after.reorgDepth());
            List<LogKey> now = node.logs(Set.of(e), TOPICS, start);
            assertEquals(now.subList(2, now.size()), keys(after), "the new chain's logs, once; neither the kept nor the undone ones again");
            BlockRef cursor = after.cursor().orElseThrow();
            assertEquals(node.blockHash(cursor.number()), cursor.hash());
            for (LogKey k : undone) assertFalse(store.cursors().seen(k), "the undone logs are forgotten");
            assertEquals(List.of(), watcher.poll(Set.of(e), TOPICS).logs());
            assertEquals(1, watcher.metrics().reorgs());
        }
    }

    @Test
    void aReorgOntoAShorterChainIsProvenByHashesNotByTheLowerHead() throws Exception {
        String e = node.deployEmitter();
        long start = node.head();
        try (Chain chain = Chain.connect(node.rpcUrl()); KeyholderStore store = KeyholderStore.open(dir.resolve("state.db"))) {
            LogWatcher watcher = new LogWatcher(chain, store.cursors(), e, start, FAST, Clock.systemUTC());
            String snapshot = node.snapshot();
            node.emit(e, 2, WATCHED, 1);
            node.mine(10);
            assertEquals(2, watcher.poll(Set.of(e), TOPICS).logs().size());
            node.revert(snapshot);
            node.emit(e, 1, WATCHED, 2);
            Poll after = watcher.poll(Set.of(e), TOPICS);
            assertTrue(after.reorged() && !after.staleHead(), "block " + (start + 1) + "'s hash changed: a reorg, though the head is lower than the cursor");
            assertEquals(node.logs(Set.of(e), TOPICS, start), keys(after));
        }
    }

    @Test
    void aStaleHeadIsWaitedOutNotTakenForAReorg() throws Exception {
        String e = node.deployEmitter();
        long start = node.head();
        Path file = dir.resolve("state.db");
        try (RpcFaultProxy proxy = RpcFaultProxy.start(node.rpcUrl(), 9); Chain chain = Chain.connect(proxy.url()); KeyholderStore store = KeyholderStore.open(file)) {
            LogWatcher watcher = new LogWatcher(chain, store.cursors(), e, start, FAST, Clock.systemUTC());
            node.emit(e, 2, WATCHED, 1);
            node.mine(3);
            Poll first = watcher.poll(Set.of(e), TOPICS);
            assertEquals(2, first.logs().size());
            node.emit(e, 1, WATCHED, 2);
            proxy.staleHead(1.0, 3);
            Poll stale = watcher.poll(Set.of(e), TOPICS);
            assertTrue(stale.staleHead() && !stale.reorged() && stale.logs().isEmpty(), stale.toString());
            assertEquals(first.cursor(), stale.cursor());
            // A new watcher has seen no head yet; a head below the cursor is still only a lagging node.
            LogWatcher restarted = new LogWatcher(chain, store.cursors(), e, start, FAST, Clock.systemUTC());
            Poll fresh = restarted.poll(Set.of(e), TOPICS);
            assertTrue(fresh.staleHead() && !fresh.reorged(), fresh.toString());
            proxy.clear();
            Poll caughtUp = watcher.poll(Set.of(e), TOPICS);
            assertEquals(node.logs(Set.of(e), TOPICS, first.cursor().orElseThrow().number() + 1), keys(caughtUp));
            assertEquals(1, watcher.metrics().staleHeads());
        }
    }

    /** The cursor key of the long history (any address will do: the store keeps one cursor per address given). */
    private static String factory() {
        return history.addresses().stream().sorted().findFirst().orElseThrow();
    }

    private static List<LogKey> keys(Poll p) {
        return p.logs().stream().map(ChainLog::key).toList();
    }

    /** Polls until the cursor is at {@code head}, as the engine would; failed polls are retried, as the engine would. */
    private static List<LogKey> drain(LogWatcher watcher, Set<String> addresses, long head) throws Exception {
        List<LogKey> got = new ArrayList<>();
        Set<LogKey> unique = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            Poll p;
            try {
                p = watcher.poll(addresses, TOPICS);
            } catch (ChainException e) {
                continue;
            }
            for (ChainLog l : p.logs()) {
                assertTrue(unique.add(l.key()), "returned twice: " + l);
                got.add(l.key());
            }
            if (p.caughtUp() && p.cursor().map(BlockRef::number).orElse(-1L) >= head) return got;
        }
        throw new AssertionError("not caught up after 500 polls: " + watcher.metrics());
    }
}
