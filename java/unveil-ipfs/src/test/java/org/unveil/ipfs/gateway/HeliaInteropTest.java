package org.unveil.ipfs.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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

    @Test
    void patternMatchesTheNodeGenerator() throws IOException {
        PatternStream s = new PatternStream(2 * MIB + 5);
        byte[] all = s.readAllBytes();
        assertEquals(2 * MIB + 5, all.length);
        assertEquals(1, all[(int) MIB + 3], "chunk 1 is stamped with its index");
        assertEquals((byte) ((7 * 0x9E3779B1) >>> 24), all[7]);
    }
}
