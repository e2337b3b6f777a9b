package org.unveil.ipfs.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.ipfs.Block;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.DagScope;
import org.unveil.ipfs.DagWalker;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.UnixFsProfile;

/**
 * Every lie a gateway can tell in a CAR response must end in a typed failure naming the
 * problem, with no output file and no temp file left behind.
 */
class HostileGatewayTest {
    @TempDir Path dir;

    /** What the hostile server sends, the CID the client asks for, and a word the error must contain. */
    record Attack(String name, Cid root, int status, String contentType, byte[] body, int stallAfter, String expect) {}

    @TestFactory
    Stream<DynamicTest> everyAttackIsRejected() throws IOException {
        Path originDir = Files.createTempDirectory("unveil-hostile-origin");
        List<Attack> attacks = new ArrayList<>();
        try (FsBlockStore origin = FsBlockStore.open(originDir)) {
            Cid root = TestContent.add(TestContent.random(600_000, 9), UnixFsProfile.KUBO_LEGACY, origin);
            List<Block> dag = new ArrayList<>();
            DagWalker.walk(root, origin, DagScope.ALL, null, (cid, b) -> dag.add(new Block(cid, b)));
            assertEquals(4, dag.size(), "root + 3 leaves");
            Block r = dag.get(0);
            Block l1 = dag.get(1);
            Block l2 = dag.get(2);
            Block l3 = dag.get(3);
            String car = ScriptedGateway.CAR_TYPE;

            byte[] tampered = l2.data().clone();
            tampered[100] ^= 1;
            attacks.add(new Attack("tampered leaf", root, 200, car,
                    carOf(root, r, l1, new Block(l2.cid(), tampered), l3), -1, "hash"));
            attacks.add(new Attack("reordered leaves", root, 200, car, carOf(root, r, l2, l1, l3), -1, "expects"));
            Block stranger = block(Cid.RAW, TestContent.random(64, 1));
            attacks.add(new Attack("unrelated block in place of a leaf", root, 200, car,
                    carOf(root, r, l1, stranger, l3), -1, "expects"));
            attacks.add(new Attack("extra trailing block", root, 200, car, carOf(root, r, l1, l2, l3, stranger), -1,
                    "unrequested"));
            attacks.add(new Attack("missing last block", root, 200, car, carOf(root, r, l1, l2), -1, "ended"));
            byte[] full = carOf(root, r, l1, l2, l3);
            attacks.add(new Attack("cut mid-block", root, 200, car, Arrays.copyOf(full, full.length - 5000), -1,
                    "truncated"));
            attacks.add(new Attack("empty body", root, 200, car, new byte[0], -1, "truncated"));
            attacks.add(new Attack("garbage body", root, 200, car, TestContent.random(4096, 2), -1, ""));

            Block cbor = block(Cid.DAG_CBOR, new byte[] {(byte) 0xa0});
            attacks.add(new Attack("unknown codec root", cbor.cid(), 200, car, carOf(cbor.cid(), cbor), -1, "codec"));

            Block huge = block(Cid.RAW, new byte[3 * 1024 * 1024]);
            attacks.add(new Attack("oversized block", huge.cid(), 200, car, carOf(huge.cid(), huge), -1, ""));

            List<Block> chain = deepChain(100);
            Cid top = chain.getFirst().cid();
            attacks.add(new Attack("absurdly deep DAG", top, 200, car, carOf(top, chain.toArray(Block[]::new)), -1,
                    "deeper"));

            attacks.add(new Attack("stalls mid-stream", root, 200, car, full, 300_000, "stalled"));
            attacks.add(new Attack("not a CAR", root, 200, "text/html", "<html></html>".getBytes(), -1, "not a CAR"));
            attacks.add(new Attack("unknown block order", root, 200, "application/vnd.ipld.car; version=1; order=unk",
                    full, -1, "order=dfs"));
            attacks.add(new Attack("CAR version 2", root, 200, "application/vnd.ipld.car; version=2; order=dfs",
                    full, -1, "version"));
            attacks.add(new Attack("server error", root, 502, "text/plain", "upstream down".getBytes(), -1, "HTTP 502"));
        }
        return attacks.stream().map(a -> dynamicTest(a.name(), () -> assertRejected(a)));
    }

    void assertRejected(Attack a) throws IOException {
        Path work = Files.createTempDirectory(dir, "attack");
        Path out = work.resolve("out.bin");
        try (ScriptedGateway gw = new ScriptedGateway(a.status(), a.contentType(), a.body(), a.stallAfter())) {
            GatewayFetcher fetcher = new GatewayFetcher(List.of(gw.uri()), Duration.ofMillis(800));
            long started = System.nanoTime();
            FetchFailedException e = assertThrows(FetchFailedException.class,
                    () -> fetcher.fetch(a.root(), out, FetchProgress.NONE));
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 4, "rejected in bounded time");
            assertTrue(e.getMessage().toLowerCase().contains(a.expect().toLowerCase()),
                    a.name() + ": message should mention '" + a.expect() + "': " + e.getMessage());
            assertEquals(1, e.getSuppressed().length);
        }
        assertFalse(Files.exists(out), "no output after " + a.name());
        try (Stream<Path> files = Files.list(work)) {
            assertEquals(List.of(), files.toList(), "no temp or scratch file left");
        }
    }

    static byte[] carOf(Cid root, Block... blocks) throws IOException {
        HostileCar car = new HostileCar(root);
        for (Block b : blocks) car.section(b.cid(), b.data());
        return car.bytes();
    }

    static Block block(int codec, byte[] data) {
        return new Block(Cid.sha256(codec, data), data);
    }

    /** {@code depth} dag-pb file nodes, each the only parent of the next, above one 1-byte raw leaf. */
    static List<Block> deepChain(int depth) {
        List<Block> chain = new ArrayList<>();
        Block child = block(Cid.RAW, new byte[] {42});
        chain.add(child);
        long childBlockSize = 1;
        for (int i = 0; i < depth; i++) {
            byte[] node = DagPbNodes.fileNodeWithOneChild(child.cid(), 1, childBlockSize);
            child = block(Cid.DAG_PB, node);
            childBlockSize += node.length;
            chain.addFirst(child);
        }
        return chain;
    }
}
