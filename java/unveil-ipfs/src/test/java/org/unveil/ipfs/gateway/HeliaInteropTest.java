package org.unveil.ipfs.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.ipfs.BlockSink;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.UnixFsImporter;
import org.unveil.ipfs.UnixFsProfile;

/**
 * Interoperability with Helia, code nobody here wrote: its importer must compute our CIDs, and
 * its verified fetch must accept what our gateway serves.
 */
class HeliaInteropTest {
    static final long MIB = 1024 * 1024;
    /** Sizes around chunk and fan-out boundaries; the large ones force a second tree level. */
    static final List<String> CASES = List.of(
            "0:unixfs-v1-2025", "1:unixfs-v1-2025", "1048576:unixfs-v1-2025", "1048577:unixfs-v1-2025",
            "5242881:unixfs-v1-2025", (1024 * MIB) + ":unixfs-v1-2025", (1025 * MIB + 3) + ":unixfs-v1-2025",
            "0:kubo-legacy", "1000:kubo-legacy", "262144:kubo-legacy", "262145:kubo-legacy",
            (174 * 256 * 1024) + ":kubo-legacy", (174 * 256 * 1024 + 1) + ":kubo-legacy", (90 * MIB + 17) + ":kubo-legacy");

    @TempDir Path dir;

    @Test
    void heliaImporterComputesOurCidsInBothProfiles() throws Exception {
        List<String> helia = NodeHarness.run(600, "unixfs-cids.mjs", CASES.toArray(String[]::new));
        List<String> ours = new ArrayList<>();
        BlockSink discard = (cid, block) -> { };
        for (String c : CASES) {
            String[] p = c.split(":");
            Cid cid = UnixFsImporter.importFile(new PatternStream(Long.parseLong(p[0])), UnixFsProfile.parse(p[1]), discard);
            ours.add(c + " " + cid);
        }
        assertEquals(helia, ours);
    }

    @Test
    void heliaVerifiedFetchReadsAFileFromOurGateway() throws Exception {
        byte[] content = TestContent.random((int) (3 * MIB + 12345), 21);
        try (FsBlockStore store = FsBlockStore.open(dir.resolve("repo"))) {
            Cid root = UnixFsImporter.importFile(new ByteArrayInputStream(content), UnixFsProfile.KUBO_LEGACY, store);
            try (TrustlessGateway gw = TrustlessGateway.start(store, 0)) {
                List<String> out = NodeHarness.run(180, "verified-fetch.mjs", gw.uri().toString(), root.toString());
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
                assertEquals(List.of(sha + " " + content.length), out);
            }
        }
    }

    /** A tree of every shape the web tool has: nested, empty directory, empty file, two-leaf file, non-ASCII. */
    static Path sampleTree(Path root) throws IOException {
        Files.createDirectories(root.resolve("a/b/empty"));
        Files.createDirectories(root.resolve("vendor"));
        Files.createDirectories(root.resolve("ünïcode ✓"));
        Files.writeString(root.resolve("index.html"), "<!doctype html><title>t</title><script type=module src=app.js></script>");
        Files.writeString(root.resolve("app.js"), "export const x = 1\n");
        Files.write(root.resolve("empty.txt"), new byte[0]);
        Files.write(root.resolve("big.bin"), TestContent.random((int) MIB + 1, 3));
        Files.writeString(root.resolve("a/b/deep.json"), "{\"deep\": true}");
        Files.writeString(root.resolve("a/index.html"), "<p>a</p>");
        Files.writeString(root.resolve("vendor/lib.mjs"), "export default 2");
        Files.writeString(root.resolve("ünïcode ✓/ñame.txt"), "ü");
        Files.writeString(root.resolve("Z-upper.css"), "p{}");
        Files.writeString(root.resolve("a-lower.css"), "p{}");
        return root;
    }

    @Test
    void heliaImporterComputesOurDirectoryCidsInBothProfiles() throws Exception {
        Path tree = sampleTree(dir.resolve("tree"));
        for (UnixFsProfile profile : UnixFsProfile.values()) {
            List<String> helia = NodeHarness.run(120, "unixfs-dir-cids.mjs", tree.toString(), profile.wireName());
            Map<String, String> ours = new HashMap<>();
            Cid root = UnixFsImporter.importDirectory(tree, profile, (cid, block) -> { }, true,
                    (path, cid, size) -> ours.put(path, cid.toString()));
            assertEquals(helia.getLast(), root + " directory ", "root (" + profile.wireName() + ")");
            assertEquals(15, helia.size(), "Helia lists 10 files, 4 non-empty directories and the root: " + helia);
            for (String line : helia) {
                String[] f = line.split(" ", 3);
                assertEquals(f[0], ours.get(f[2]), line);
            }
        }
    }

    /**
     * Where Helia starts sharding, per profile: 100-byte names of empty files make each link 145
     * bytes serialized (unixfs-v1-2025 counts those plus 4) or 136 (name + CID, kubo-legacy). One
     * file under the 262144-byte threshold we agree with Helia's flat directory; one file more,
     * Helia shards and we refuse.
     */
    @Test
    void weAgreeWithHeliaUpToItsShardingThresholdAndRefusePastIt() throws Exception {
        for (UnixFsProfile profile : UnixFsProfile.values()) {
            int flat = profile == UnixFsProfile.UNIXFS_V1_2025 ? (262144 - 4) / 145 : 262144 / 136;
            Path tree = Files.createDirectories(dir.resolve(profile.wireName()));
            for (int i = 0; i < flat; i++) Files.write(tree.resolve(String.format("%0100d", i)), new byte[0]);
            List<String> helia = NodeHarness.run(120, "unixfs-dir-cids.mjs", tree.toString(), profile.wireName());
            Cid ours = UnixFsImporter.importDirectory(tree, profile, (cid, block) -> { });
            assertEquals(helia.getLast(), ours + " directory ", profile.wireName() + " with " + flat + " entries");
            Files.write(tree.resolve(String.format("%0100d", flat)), new byte[0]);
            String sharded = NodeHarness.run(120, "unixfs-dir-cids.mjs", tree.toString(), profile.wireName()).getLast();
            assertTrue(sharded.endsWith(" hamt-sharded-directory "), sharded);
            java.nio.file.FileSystemException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.nio.file.FileSystemException.class, () -> UnixFsImporter.importDirectory(tree, profile, (cid, block) -> { }));
            assertTrue(e.getMessage().contains("HAMT"), e.getMessage());
        }
    }

    @Test
    void patternMatchesTheNodeGenerator() throws IOException {
        PatternStream s = new PatternStream(2 * MIB + 5);
        byte[] all = s.readAllBytes();
        assertEquals(2 * MIB + 5, all.length);
        assertEquals(1, all[(int) MIB + 3], "chunk 1 is stamped with its index");
        assertEquals((byte) ((7 * 0x9E3779B1) >>> 24), all[7]);
    }
}
