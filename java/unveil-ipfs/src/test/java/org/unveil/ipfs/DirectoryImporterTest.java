package org.unveil.ipfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryImporterTest {
    /** The well-known empty UnixFS directory (kubo {@code ipfs object new unixfs-dir}, CIDv1). */
    static final String EMPTY_DIR = "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354";

    @TempDir Path dir;

    Cid importTree(Path root, MemoryBlocks blocks) throws IOException {
        return UnixFsImporter.importDirectory(root, UnixFsProfile.UNIXFS_V1_2025, blocks);
    }

    @Test
    void emptyDirectoryIsTheWellKnownCid() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        MemoryBlocks blocks = new MemoryBlocks();
        assertEquals(EMPTY_DIR, importTree(empty, blocks).toString());
        assertEquals(1, blocks.blocks.size());
    }

    @Test
    void linksAreSortedByNameBytesWithNamesAndCumulativeSizes() throws IOException {
        Path root = Files.createDirectory(dir.resolve("r"));
        Files.writeString(root.resolve("b.txt"), "bb");
        Files.writeString(root.resolve("B.txt"), "B");
        Files.writeString(root.resolve("é.txt"), "e");
        Files.createDirectories(root.resolve("a/sub"));
        Files.writeString(root.resolve("a/sub/x"), "xyz");
        MemoryBlocks blocks = new MemoryBlocks();
        Cid cid = importTree(root, blocks);
        UnixFsEntry entry = UnixFsEntry.load(cid, blocks);
        assertEquals(UnixFsEntry.Kind.DIRECTORY, entry.kind());
        assertEquals(List.of("B.txt", "a", "b.txt", "é.txt"), entry.links().stream().map(UnixFsEntry.Link::name).toList());
        assertEquals(2, entry.find("b.txt").tsize(), "a raw leaf's Tsize is its length");
        UnixFsEntry a = UnixFsEntry.load(entry.find("a").cid(), blocks);
        UnixFsEntry sub = UnixFsEntry.load(a.find("sub").cid(), blocks);
        long subSize = blocks.blocks.get(sub.cid()).length + 3;
        assertEquals(subSize, a.find("sub").tsize());
        assertEquals(blocks.blocks.get(a.cid()).length + subSize, entry.find("a").tsize(), "Tsize is cumulative");
        DagPb.Node node = DagPb.decode(blocks.blocks.get(cid));
        assertEquals("0801", java.util.HexFormat.of().formatHex(node.data()), "Data = {Type: Directory}, no mode or mtime");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        UnixFsExporter.export(sub.find("x").cid(), blocks, out);
        assertEquals("xyz", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void listenerSeesFilesThenEachDirectoryAfterItsContentsRootLast() throws IOException {
        Path root = Files.createDirectory(dir.resolve("r"));
        Files.createDirectories(root.resolve("d"));
        Files.writeString(root.resolve("d/f"), "1");
        Files.writeString(root.resolve("z"), "22");
        List<String> seen = new ArrayList<>();
        Cid cid = UnixFsImporter.importDirectory(root, UnixFsProfile.KUBO_LEGACY, new MemoryBlocks(), true,
                (path, c, bytes) -> seen.add(path + ":" + bytes));
        assertEquals(List.of("d/f:1", "d:-1", "z:2", ":-1"), seen);
        assertEquals(cid, importTree(root, new MemoryBlocks()), "small trees have one CID in both profiles");
    }

    @Test
    void hiddenEntriesAreSkippedOnlyWhenAsked() throws IOException {
        Path root = Files.createDirectory(dir.resolve("r"));
        Files.writeString(root.resolve("x"), "x");
        Cid without = importTree(root, new MemoryBlocks());
        Files.writeString(root.resolve(".hidden"), "h");
        Files.createSymbolicLink(root.resolve(".link"), root.resolve("x"));
        Cid skipped = UnixFsImporter.importDirectory(root, UnixFsProfile.UNIXFS_V1_2025, new MemoryBlocks(), false, (p, c, n) -> { });
        assertEquals(without, skipped, "hidden files (even a hidden symlink) are not looked at");
        Files.delete(root.resolve(".link"));
        assertNotEquals(without, importTree(root, new MemoryBlocks()));
    }

    @Test
    void symlinksAreRefusedNamingThePath() throws IOException {
        Path root = Files.createDirectory(dir.resolve("r"));
        Files.writeString(root.resolve("x"), "x");
        Path link = Files.createSymbolicLink(root.resolve("to-x"), root.resolve("x"));
        FileSystemException e = assertThrows(FileSystemException.class, () -> importTree(root, new MemoryBlocks()));
        assertEquals(link.toString(), e.getFile());
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }

    @Test
    void pipesAreRefusedNamingThePath() throws Exception {
        Path root = Files.createDirectory(dir.resolve("r"));
        Path fifo = root.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo");
        FileSystemException e = assertThrows(FileSystemException.class, () -> importTree(root, new MemoryBlocks()));
        assertEquals(fifo.toString(), e.getFile());
        assertTrue(e.getMessage().contains("not a regular file or directory"), e.getMessage());
    }

    @Test
    void aFileIsNotADirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertThrows(NotDirectoryException.class, () -> importTree(file, new MemoryBlocks()));
    }

    @Test
    void aDirectoryHeliaWouldShardIsRefused() throws IOException {
        Path root = Files.createDirectory(dir.resolve("big"));
        // 2,000 links of ~150 bytes: ~290 KiB, over the 256 KiB split threshold in both estimates.
        for (int i = 0; i < 2000; i++) {
            Files.write(root.resolve(String.format("%0100d", i)), new byte[0]);
        }
        for (UnixFsProfile profile : UnixFsProfile.values()) {
            FileSystemException e = assertThrows(FileSystemException.class,
                    () -> UnixFsImporter.importDirectory(root, profile, new MemoryBlocks()));
            assertEquals(root.toString(), e.getFile());
            assertTrue(e.getMessage().contains("HAMT"), e.getMessage());
        }
    }
}
