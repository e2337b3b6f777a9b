package org.unveil.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.archive.internal.AgeSizes;

/** Our archives and fragments, read by independent implementations: GNU tar and the Go age CLI (Debian). */
class ExternalToolsInteropTest {
    @TempDir Path dir;

    @Test
    void gnuTarListsAndExtractsTheArchiveWithFixedMetadata() throws Exception {
        Path a = Fixtures.randomFile(dir, "a.bin", 150_000, 1);
        Fixtures.packer(Fixtures.keys(1, 1), 1).file(new FileSpec(a, "a.bin", Cut.everyBytes(100_000), Set.of(0))).build().pack(dir.resolve("o.tar"));
        String[] out = new String[1];
        assertEquals(0, Fixtures.run(dir, out, "tar", "--numeric-owner", "--full-time", "-tvf", "o.tar"), out[0]);
        List<String> lines = out[0].lines().toList();
        assertEquals(3, lines.size(), out[0]);
        assertTrue(lines.get(0).matches("-rw-r--r-- 0/0 +\\d+ 1970-01-01 00:00:00 manifest\\.json"), lines.get(0));
        assertTrue(lines.get(1).endsWith("files/000000/000000.preview.bin"), lines.get(1));
        assertTrue(lines.get(2).endsWith("files/000000/000001.age"), lines.get(2));
        Files.createDirectories(dir.resolve("x"));
        assertEquals(0, Fixtures.run(dir.resolve("x"), out, "tar", "-xf", "../o.tar"), out[0]);
        assertArrayEquals(Arrays.copyOf(Files.readAllBytes(a), 100_000), Files.readAllBytes(dir.resolve("x/files/000000/000000.preview.bin")));
        Manifest m = Manifest.parse(Files.readAllBytes(dir.resolve("x/manifest.json")));
        assertEquals(m.sha256Hex(), ArchiveReader.inspect(dir.resolve("o.tar")).manifestSha256());
    }

    @Test
    void ageCliDecryptsEveryFragmentWithTheIdentityDerivedFromS() throws Exception {
        // sizes around the 64 KiB chunk edges, including the empty payload and an exact multiple;
        // output goes through the shell because age creates -o files lazily (none for empty output)
        int[] sizes = {0, 1, 65_535, 65_536, 65_537, 200_000};
        for (int size : sizes) {
            Path a = Fixtures.randomFile(dir, "in-" + size, size, size);
            Path tar = dir.resolve("o-" + size + ".tar");
            PackResult r = Fixtures.packer(Fixtures.keys(1, 1), 1).file(FileSpec.encrypted(a, "a")).build().pack(tar);
            Path x = Files.createDirectories(dir.resolve("x-" + size));
            String[] out = new String[1];
            assertEquals(0, Fixtures.run(x, out, "tar", "-xf", tar.toString()), out[0]);
            Path age = x.resolve("files/000000/000000.age");
            assertEquals(AgeSizes.storedSize(size), Files.size(age), "stored size formula for " + size);
            AgeIdentity id = FragmentKeys.derive(r.secret(), 0).ageIdentity();
            Files.writeString(x.resolve("id.txt"), id.encoded() + "\n");
            assertEquals(0, Fixtures.run(x, out, "sh", "-c", "age -d -i id.txt '" + age + "' > plain"), out[0]);
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(x.resolve("plain")), "size " + size);
            assertEquals(0, Fixtures.run(x, out, "age-keygen", "-y", "id.txt"), out[0]);
            assertEquals(FragmentKeys.derive(r.secret(), 0).recipient(), out[0].strip());
        }
    }

    @Test
    void chunkReaderDecryptsAnyChunkOfAFileMadeByTheAgeCli() throws Exception {
        AgeIdentity id = FragmentKeys.derive(org.unveil.archive.keys.ReleaseSecret.generate(Fixtures.seeded(5)), 0).ageIdentity();
        Path plain = Fixtures.randomFile(dir, "p", 5 * 65_536 + 123, 9);
        String[] out = new String[1];
        assertEquals(0, Fixtures.run(dir, out, "age", "-r", id.recipient(), "-o", "p.age", "p"), out[0]);
        byte[] expected = Files.readAllBytes(plain);
        try (FileChannel ch = FileChannel.open(dir.resolve("p.age")); AgeChunkReader r = AgeChunkReader.open(ch, 0, ch.size(), id)) {
            assertEquals(6, r.chunkCount());
            assertEquals(expected.length, r.plaintextSize());
            assertArrayEquals(Arrays.copyOfRange(expected, 5 * 65_536, expected.length), r.readChunk(5));
            assertArrayEquals(Arrays.copyOfRange(expected, 2 * 65_536, 3 * 65_536), r.readChunk(2));
            assertArrayEquals(Arrays.copyOfRange(expected, 65_000, 140_000), r.read(65_000, 75_000));
        }
    }
}
