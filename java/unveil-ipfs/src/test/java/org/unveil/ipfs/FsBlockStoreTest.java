package org.unveil.ipfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsBlockStoreTest {
    @TempDir
    Path dir;

    private static Cid importBytes(FsBlockStore store, byte[] data) throws IOException {
        return UnixFsImporter.importFile(new ByteArrayInputStream(data), new DagLayout(1000, 4, true), store);
    }

    @Test
    void storesVerifiesAndReadsBackBlocks() throws IOException {
        try (FsBlockStore store = FsBlockStore.open(dir)) {
            byte[] block = {1, 2, 3};
            Cid cid = Cid.sha256(Cid.RAW, block);
            assertFalse(store.has(cid));
            BlockNotFoundException missing = assertThrows(BlockNotFoundException.class, () -> store.get(cid));
            assertEquals(cid, missing.cid());
            store.put(cid, block);
            store.put(cid, block);
            assertTrue(store.has(cid));
            assertArrayEquals(block, store.get(cid));
            // The same bytes under CIDv0-style dag-pb or raw share one file: keyed by multihash.
            assertEquals(store.path(cid), store.path(Cid.of(Cid.DAG_PB, cid.digest())));

            InvalidBlockException wrong = assertThrows(InvalidBlockException.class, () -> store.put(cid, new byte[] {9}));
            assertTrue(wrong.getMessage().contains(cid.toString()));
            assertThrows(InvalidBlockException.class,
                    () -> store.put(Cid.sha256(Cid.RAW, new byte[BlockLoader.MAX_BLOCK_SIZE + 1]), new byte[BlockLoader.MAX_BLOCK_SIZE + 1]));
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().startsWith(".tmp-")).count(), "no temp files left");
        }
    }

    @Test
    void aCorruptOrTruncatedBlockFileIsNeverServed() throws IOException {
        try (FsBlockStore store = FsBlockStore.open(dir)) {
            byte[] block = DeterministicBytes.bytes("corrupt", 5000);
            Cid cid = Cid.sha256(Cid.RAW, block);
            store.put(cid, block);
            Files.write(store.path(cid), Arrays.copyOf(block, 1234)); // what a crash without fsync can leave
            InvalidBlockException e = assertThrows(InvalidBlockException.class, () -> store.get(cid));
            assertTrue(e.getMessage().contains(cid.toString()) && e.getMessage().contains("fetch the block again"), e.getMessage());
            assertFalse(store.has(cid), "the corrupt file was removed");
            store.put(cid, block);
            assertArrayEquals(block, store.get(cid));
        }
    }

    @Test
    void pinsKeepWholeDagsThroughGcAndUnpinReleasesThem() throws IOException {
        try (FsBlockStore store = FsBlockStore.open(dir)) {
            byte[] a = DeterministicBytes.bytes("a", 9000);
            byte[] b = DeterministicBytes.bytes("b", 3500);
            Cid rootA = importBytes(store, a);
            Cid rootB = importBytes(store, b);
            long blocksA = countBlocks(store, rootA);
            long blocksB = countBlocks(store, rootB);
            store.pin(rootA);
            assertEquals(List.of(rootA), store.pins());

            GcResult first = store.gc();
            assertEquals(blocksB, first.removedBlocks(), "only B's unpinned blocks go");
            assertTrue(first.freedBytes() >= b.length);
            assertFalse(store.has(rootB));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            UnixFsExporter.export(rootA, store, out);
            assertArrayEquals(a, out.toByteArray());
            assertEquals(new GcResult(0, 0), store.gc());

            assertTrue(store.unpin(rootA));
            assertFalse(store.unpin(rootA));
            assertEquals(List.of(), store.pins());
            assertEquals(blocksA, store.gc().removedBlocks());
        }
    }

    @Test
    void pinningAnIncompleteDagFailsAndPinsNothing() throws IOException {
        try (FsBlockStore store = FsBlockStore.open(dir)) {
            byte[] data = DeterministicBytes.bytes("incomplete", 5000);
            Cid root = importBytes(store, data);
            Cid leaf = Cid.sha256(Cid.RAW, Arrays.copyOfRange(data, 2000, 3000));
            Files.delete(store.path(leaf));
            BlockNotFoundException e = assertThrows(BlockNotFoundException.class, () -> store.pin(root));
            assertEquals(leaf, e.cid());
            assertEquals(List.of(), store.pins());
        }
    }

    @Test
    void pinsSurviveReopening() throws IOException {
        Cid root;
        try (FsBlockStore store = FsBlockStore.open(dir)) {
            root = importBytes(store, DeterministicBytes.bytes("reopen", 4200));
            store.pin(root);
        }
        try (FsBlockStore store = FsBlockStore.open(dir)) {
            assertEquals(List.of(root), store.pins());
            assertEquals(0, store.gc().removedBlocks());
        }
    }

    /**
     * Kills a child JVM while it writes blocks as fast as it can, several times, then checks the invariant the
     * write protocol promises: after reopening, no temp file is left and every block file verifies.
     */
    @Test
    void aWriterKilledMidWriteLeavesOnlyCompleteBlocks() throws Exception {
        for (int round = 0; round < 3; round++) {
            Process child = ForkedJvm.start(KilledWriter.class, List.of("-Xmx64m"), dir.toString(), Integer.toString(round));
            String ready = new String(child.getInputStream().readNBytes(6));
            if (!ready.equals("ready\n")) {
                child.waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError("child did not start: " + ready + new String(child.getInputStream().readAllBytes()));
            }
            Thread.sleep(300 + round * 150L);
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        try (FsBlockStore store = FsBlockStore.open(dir)) {
            long verified = 0;
            try (Stream<Path> files = Files.walk(dir.resolve("blocks"))) {
                for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    assertFalse(p.getFileName().toString().startsWith(".tmp-"), "open() removed temp file " + p);
                    byte[] content = Files.readAllBytes(p);
                    Cid cid = Cid.sha256(Cid.RAW, content);
                    assertEquals(p, store.path(cid), "file " + p + " holds exactly the block its name promises");
                    assertArrayEquals(content, store.get(cid));
                    verified++;
                }
            }
            assertTrue(verified > 0, "the child wrote some blocks before it was killed");
            List<Cid> pinned = store.pins();
            assertFalse(pinned.isEmpty(), "the child pinned some files before it was killed");
            for (Cid root : pinned) {
                assertTrue(countBlocks(store, root) > 5, "pin " + root + " names a complete, verifying DAG of 5 leaves and their nodes");
            }
        }
    }

    /** Child JVM main: writes 256 KiB blocks, and every eighth time imports and pins a small file, until killed. */
    static final class KilledWriter {
        public static void main(String[] args) throws IOException {
            try (FsBlockStore store = FsBlockStore.open(Path.of(args[0]))) {
                System.out.print("ready\n");
                System.out.flush();
                for (long i = 0; ; i++) {
                    byte[] block = DeterministicBytes.bytes("kill-" + args[1] + "-" + i, 256 * 1024);
                    store.put(Cid.sha256(Cid.RAW, block), block);
                    if (i % 8 == 0) {
                        store.pin(importBytes(store, DeterministicBytes.bytes("pinned-" + args[1] + "-" + i, 5000)));
                    }
                }
            }
        }
    }

    @Test
    void writesAreBatchedUntilSyncAndPinMakesItsDagDurableFirst() throws IOException {
        try (FsBlockStore store = FsBlockStore.open(dir)) {
            Cid root = importBytes(store, DeterministicBytes.bytes("batched", 9000));
            assertTrue(store.unsyncedCount() <= countBlocks(store, root));
            store.pin(root);
            assertEquals(0, store.unsyncedCount(), "pin synced the DAG before writing the pin");
            int most = 0;
            for (int i = 0; i < 1029; i++) {
                byte[] block = DeterministicBytes.bytes("many-" + i, 16);
                store.put(Cid.sha256(Cid.RAW, block), block);
                most = Math.max(most, store.unsyncedCount());
            }
            assertTrue(most > 0 && most <= BackgroundSync.MAX_NOT_DURABLE, "writers wait for the disk beyond the bound: " + most);
            store.sync();
            assertEquals(0, store.unsyncedCount());
        }
    }

    @Test
    void anEmptyOrShortFileAPowerLossLeftIsRewrittenNotTrusted() throws IOException {
        byte[] data = DeterministicBytes.bytes("power-loss", 3500);
        Cid root;
        Path leaf;
        try (FsBlockStore store = FsBlockStore.open(dir)) {
            root = importBytes(store, data);
            byte[] block = DeterministicBytes.bytes("leaf", 1000);
            Cid cid = Cid.sha256(Cid.RAW, block);
            leaf = store.path(cid);
            // What ext4 can leave for a renamed file whose data was never flushed: the name, zero bytes.
            Files.write(store.path(root), new byte[0]);
            Files.createDirectories(leaf.getParent());
            Files.write(leaf, new byte[0]);
            store.put(cid, block);
            assertArrayEquals(block, Files.readAllBytes(leaf), "put rewrote the empty file");
        }
        try (FsBlockStore store = FsBlockStore.open(dir)) {
            assertEquals(root, importBytes(store, data), "re-adding the same bytes");
            store.pin(root);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            UnixFsExporter.export(root, store, out);
            assertArrayEquals(data, out.toByteArray(), "the re-add repaired the truncated root");
        }
    }

    private static long countBlocks(FsBlockStore store, Cid root) throws IOException {
        long[] n = {0};
        DagWalker.walk(root, store, DagScope.ALL, null, (c, b) -> n[0]++);
        return n[0];
    }
}
