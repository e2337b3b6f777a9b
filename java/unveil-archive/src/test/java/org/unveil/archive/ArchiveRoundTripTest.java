package org.unveil.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseSecret;

class ArchiveRoundTripTest {
    @TempDir Path dir;

    @Test
    void packThenUnpackWithSecretRestoresEveryFileByteForByte() throws Exception {
        Path a = Fixtures.randomFile(dir, "in/album/a.bin", 300_000, 1);
        Path b = Fixtures.randomFile(dir, "in/b.txt", 0, 2);
        Path c = Fixtures.randomFile(dir, "in/c.bin", 65_536, 3);
        List<ReleaseKey> keys = Fixtures.keys(3, 7);
        PackResult r = Fixtures.packer(keys, 2)
                .file(new FileSpec(a, "album/a.bin", Cut.everyBytes(100_000), Set.of(0)))
                .file(FileSpec.encrypted(b, "b.txt"))
                .file(FileSpec.encrypted(c, "c.bin"))
                .build().pack(dir.resolve("out.tar"));
        assertEquals(3, r.manifest().files().get(0).fragments().size());
        assertTrue(r.manifest().files().get(0).fragments().get(0).preview());
        assertFalse(r.manifest().files().get(0).fragments().get(1).preview());

        List<Path> written = ArchiveUnpacker.unpack(dir.resolve("out.tar"), dir.resolve("x"), r.secret(), ProgressListener.NONE);
        assertEquals(3, written.size());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(dir.resolve("x/album/a.bin")));
        assertArrayEquals(Files.readAllBytes(b), Files.readAllBytes(dir.resolve("x/b.txt")));
        assertArrayEquals(Files.readAllBytes(c), Files.readAllBytes(dir.resolve("x/c.bin")));
        assertEquals(r.manifestSha256(), ArchiveReader.inspect(dir.resolve("out.tar")).manifestSha256());
    }

    @Test
    void thresholdOfReleaseKeysRecoversTheSecretAndFewerDoNot() throws Exception {
        Path a = Fixtures.randomFile(dir, "a.bin", 10_000, 1);
        List<ReleaseKey> keys = Fixtures.keys(3, 11);
        PackResult r = Fixtures.packer(keys, 2).file(FileSpec.encrypted(a, "a.bin")).build().pack(dir.resolve("o.tar"));
        Manifest m = ArchiveReader.readManifest(dir.resolve("o.tar"));
        ReleaseSecret s = SecretRecovery.fromReleaseKeys(m, List.of(keys.get(2), keys.get(0)));
        assertArrayEquals(r.secret().bytes(), s.bytes());
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> SecretRecovery.fromReleaseKeys(m, List.of(keys.get(1))));
        assertTrue(e.getMessage().contains("group 0: 1 of 2"), e.getMessage());
        ArchiveUnpacker.unpack(dir.resolve("o.tar"), dir.resolve("x"), s, ProgressListener.NONE);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(dir.resolve("x/a.bin")));
    }

    @Test
    void wrongSecretIsRejectedBeforeAnyOutputExists() throws Exception {
        Path a = Fixtures.randomFile(dir, "a.bin", 1000, 1);
        Fixtures.packer(Fixtures.keys(1, 1), 1).file(FileSpec.encrypted(a, "a.bin")).build().pack(dir.resolve("o.tar"));
        ReleaseSecret other = ReleaseSecret.generate(Fixtures.seeded(99));
        assertThrows(InvalidKeyException.class, () -> ArchiveUnpacker.unpack(dir.resolve("o.tar"), dir.resolve("x"), other, ProgressListener.NONE));
        assertEquals(0, countFiles(dir.resolve("x")));
    }

    @Test
    void tamperedEncryptedFragmentFailsAndLeavesNoOutputFile() throws Exception {
        Path a = Fixtures.randomFile(dir, "a.bin", 200_000, 1);
        Path b = Fixtures.randomFile(dir, "b.bin", 1000, 2);
        PackResult r = Fixtures.packer(Fixtures.keys(1, 1), 1).file(FileSpec.encrypted(a, "a.bin")).file(FileSpec.encrypted(b, "b.bin"))
                .build().pack(dir.resolve("o.tar"));
        byte[] tar = Files.readAllBytes(dir.resolve("o.tar"));
        tar[tar.length - 1024 - 600] ^= 1; // inside b.bin's age payload (the last entry)
        Files.write(dir.resolve("bad.tar"), tar);
        assertThrows(IntegrityException.class, () -> ArchiveUnpacker.unpack(dir.resolve("bad.tar"), dir.resolve("x"), r.secret(), ProgressListener.NONE));
        assertEquals(0, countFiles(dir.resolve("x")), "a.bin was complete but must not be committed when the archive fails");
        assertThrows(IntegrityException.class, () -> ArchiveReader.inspect(dir.resolve("bad.tar")));
    }

    @Test
    void previewsExtractWithoutAKeyAndNamesSayWhichFragment() throws Exception {
        Path a = Fixtures.randomFile(dir, "song.flac", 250_000, 1);
        Path t = Fixtures.randomFile(dir, "notes.txt", 100, 2);
        Fixtures.packer(Fixtures.keys(1, 1), 1)
                .file(new FileSpec(a, "song.flac", Cut.everyBytes(100_000), Set.of(1)))
                .file(new FileSpec(t, "notes.txt", Cut.whole(), Set.of(0)))
                .build().pack(dir.resolve("o.tar"));
        List<Path> out = ArchiveUnpacker.extractPreviews(dir.resolve("o.tar"), dir.resolve("p"));
        assertEquals(2, out.size());
        byte[] full = Files.readAllBytes(a);
        assertArrayEquals(java.util.Arrays.copyOfRange(full, 100_000, 200_000), Files.readAllBytes(dir.resolve("p/song.preview-1.flac")));
        assertArrayEquals(Files.readAllBytes(t), Files.readAllBytes(dir.resolve("p/notes.txt")));
    }

    @Test
    void inspectFlagsArchivesWithoutOrWithTinyPreviews() throws Exception {
        Path a = Fixtures.randomFile(dir, "a.bin", 100_000, 1);
        Fixtures.packer(Fixtures.keys(1, 1), 1).file(FileSpec.encrypted(a, "a.bin")).build().pack(dir.resolve("none.tar"));
        Fixtures.packer(Fixtures.keys(1, 1), 1).file(new FileSpec(a, "a.bin", Cut.everyBytes(1000), Set.of(0))).build().pack(dir.resolve("tiny.tar"));
        Fixtures.packer(Fixtures.keys(1, 1), 1).file(new FileSpec(a, "a.bin", Cut.everyBytes(70_000), Set.of(0))).build().pack(dir.resolve("ok.tar"));
        assertTrue(ArchiveReader.inspect(dir.resolve("none.tar")).suspects().get(0).startsWith("no preview"));
        assertTrue(ArchiveReader.inspect(dir.resolve("tiny.tar")).suspects().get(0).startsWith("preview too small"));
        Inspection ok = ArchiveReader.inspect(dir.resolve("ok.tar"));
        assertFalse(ok.suspect(), ok.suspects().toString());
        assertEquals(70_000, ok.previewBytes());
    }

    @Test
    void packingWithTheSameSeedGivesIdenticalBytesIncludingEncryptedFragments() throws Exception {
        // Age file keys, ephemeral keys and payload nonces follow the injected random like s and the
        // share envelopes do. 9 MiB + 123 spans several 4 MiB encryption blocks; fragment 1 is a preview.
        Path a = Fixtures.randomFile(dir, "a.bin", 9 * 1024 * 1024 + 123, 1);
        for (String out : List.of("1.tar", "2.tar", "3.tar")) {
            long seed = out.equals("3.tar") ? 43 : 42;
            Fixtures.packer(Fixtures.keys(2, 3), 2).random(Fixtures.seeded(seed)).file(new FileSpec(a, "a.bin", Cut.everyBytes(4_000_000), Set.of(1)))
                    .build().pack(dir.resolve(out));
        }
        byte[] first = Files.readAllBytes(dir.resolve("1.tar"));
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("2.tar")));
        assertFalse(java.util.Arrays.equals(first, Files.readAllBytes(dir.resolve("3.tar"))), "another seed must give other keys");
        Manifest m = ArchiveReader.inspect(dir.resolve("1.tar")).manifest();
        assertEquals(3, m.files().get(0).fragments().size());
        assertFalse(m.files().get(0).fragments().get(0).preview());
    }

    @Test
    void filesAroundEncryptionBlockAndChunkEdgesRoundTrip() throws Exception {
        int chunk = 65_536, block = 64 * chunk;
        int[] sizes = {0, 16 * chunk, 16 * chunk + 1, block - 1, block, block + 1, 2 * block + 3 * chunk + 7};
        for (int size : sizes) {
            Path a = Fixtures.randomFile(dir, "in-" + size, size, size);
            Path tar = dir.resolve("e-" + size + ".tar");
            PackResult r = Fixtures.packer(Fixtures.keys(1, 1), 1).file(FileSpec.encrypted(a, "a.bin")).build().pack(tar);
            Path out = dir.resolve("out-" + size);
            ArchiveUnpacker.unpack(tar, out, r.secret(), ProgressListener.NONE);
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(out.resolve("a.bin")), "size " + size);
        }
    }

    @Test
    void collidingPathsAndBadPreviewIndicesAreRejectedBeforeWriting() throws Exception {
        Path a = Fixtures.randomFile(dir, "a.bin", 10, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fixtures.packer(Fixtures.keys(1, 1), 1)
                .file(FileSpec.encrypted(a, "Song.mp3")).file(FileSpec.encrypted(a, "song.MP3")).build().pack(dir.resolve("o.tar")));
        assertTrue(e.getMessage().contains("collides"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Fixtures.packer(Fixtures.keys(1, 1), 1)
                .file(new FileSpec(a, "a", Cut.whole(), Set.of(1))).build().pack(dir.resolve("o.tar")));
        assertThrows(IllegalArgumentException.class, () -> Fixtures.packer(Fixtures.keys(1, 1), 1)
                .file(FileSpec.encrypted(a, "../escape")).build().pack(dir.resolve("o.tar")));
        assertFalse(Files.exists(dir.resolve("o.tar")));
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".unveil-tmp")));
        }
    }

    @Test
    void inspectReadingOneByteAtATimeGivesTheSameResult() throws Exception {
        Path a = Fixtures.randomFile(dir, "a.bin", 150_000, 1);
        Fixtures.packer(Fixtures.keys(2, 1), 2).file(new FileSpec(a, "a.bin", Cut.everyBytes(70_000), Set.of(2))).build().pack(dir.resolve("o.tar"));
        Inspection bulk = ArchiveReader.inspect(dir.resolve("o.tar"));
        try (var in = Files.newInputStream(dir.resolve("o.tar"))) {
            Inspection slow = ArchiveReader.inspect(org.unveil.archive.internal.Mp3SegmenterTestAccess.oneByteAtATime(in));
            assertEquals(bulk, slow);
        }
    }

    static long countFiles(Path root) throws IOException {
        if (!Files.exists(root)) return 0;
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
