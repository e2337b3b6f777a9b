package org.unveil.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.archive.keys.ReleaseSecret;

/** Archive format v2 end to end: a key per encrypted fragment, decrypting one fragment from its key alone, the tree, and what sampling catches. */
class FragmentKeysArchiveTest {
    @TempDir Path dir;

    /** Packs a.bin (cut every 1000 bytes, fragments 0 and 3 previews) and b.txt (whole, encrypted). */
    private PackResult packTwoFiles(Path tar) throws Exception {
        Path a = Fixtures.randomFile(dir, "in/a.bin", 5_500, 1);
        Path b = Files.writeString(dir.resolve("in/b.txt"), "the whole file is one encrypted fragment\n");
        return Fixtures.packer(Fixtures.keys(3, 7), 2).random(Fixtures.seeded(3))
                .file(new FileSpec(a, "a.bin", Cut.everyBytes(1000), Set.of(0, 3)))
                .file(new FileSpec(b, "b.txt", Cut.whole(), Set.of()))
                .build().pack(tar);
    }

    @Test
    void everyEncryptedFragmentHasItsOwnKeyAndOpensWithItAlone() throws Exception {
        Path tar = dir.resolve("o.tar");
        PackResult r = packTwoFiles(tar);
        Manifest m = r.manifest();
        List<Manifest.EncryptedFragment> list = m.encryptedFragments();
        // a.bin has fragments 0..5 (0 and 3 previews), b.txt one: e runs over them in order, previews skipped
        assertEquals(List.of("a.bin:1", "a.bin:2", "a.bin:4", "a.bin:5", "b.txt:0"),
                list.stream().map(f -> f.path() + ":" + f.fragmentIndex()).toList());
        assertEquals(5, m.fragmentCount());
        assertEquals("files/000001/000000.age", list.get(4).entryName());
        byte[] a = Files.readAllBytes(dir.resolve("in/a.bin"));
        Set<String> recipients = new HashSet<>();
        FragmentTree tree = m.fragmentTree();
        for (Manifest.EncryptedFragment f : list) {
            FragmentKeys derived = FragmentKeys.derive(r.secret(), f.index());
            assertEquals(f.keyAddress(), derived.keyAddress());
            recipients.add(derived.recipient());
            assertTrue(FragmentTree.verify(tree.proof(f.index()), tree.root(), FragmentTree.leaf(f.index(), f.keyAddress())));
            // A fan holds only k_e, as the chain publishes it: 32 bytes.
            FragmentKeys fromChain = FragmentKeys.of(f.index(), derived.key());
            Path out = dir.resolve("sample-" + f.index());
            ArchiveUnpacker.DecryptedFragment d = ArchiveUnpacker.decryptFragment(tar, fromChain, out);
            byte[] plain = Files.readAllBytes(out);
            if (f.path().equals("a.bin")) {
                assertArrayEquals(Arrays.copyOfRange(a, (int) f.offset(), (int) (f.offset() + f.size())), plain);
                assertFalse(d.fileHashVerified());
            } else {
                assertEquals("the whole file is one encrypted fragment\n", new String(plain, StandardCharsets.UTF_8));
                assertTrue(d.fileHashVerified(), "a whole-file fragment is checked against the file's SHA-256 too");
            }
        }
        assertEquals(5, recipients.size(), "five fragments, five recipients");
        ArchiveUnpacker.unpack(tar, dir.resolve("x"), r.secret(), ProgressListener.NONE);
        assertArrayEquals(a, Files.readAllBytes(dir.resolve("x/a.bin")));
    }

    @Test
    void aWrongKeyOrIndexIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path tar = dir.resolve("o.tar");
        PackResult r = packTwoFiles(tar);
        FragmentKeys k1 = FragmentKeys.derive(r.secret(), 1);
        FragmentKeys misfiled = FragmentKeys.of(2, k1.key());
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> ArchiveUnpacker.decryptFragment(tar, misfiled, dir.resolve("o")));
        assertTrue(e.getMessage().contains("keyAddress for encrypted fragment 2"), e.getMessage());
        assertThrows(InvalidKeyException.class, () -> ArchiveUnpacker.decryptFragment(tar, FragmentKeys.derive(r.secret(), 5), dir.resolve("o")));
        ReleaseSecret other = ReleaseSecret.generate(Fixtures.seeded(99));
        assertThrows(InvalidKeyException.class, () -> ArchiveUnpacker.decryptFragment(tar, FragmentKeys.derive(other, 0), dir.resolve("o")));
        assertFalse(Files.exists(dir.resolve("o")));
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".unveil-tmp")));
        }
    }

    @Test
    void unpackRefusesKeyAddressesTheSecretDoesNotDerive() throws Exception {
        Path tar = dir.resolve("o.tar");
        PackResult r = packTwoFiles(tar);
        List<Manifest.EncryptedFragment> list = r.manifest().encryptedFragments();
        // Swap two addresses inside manifest.json (same length, still distinct: every format check passes).
        String a0 = list.get(0).keyAddress(), a1 = list.get(1).keyAddress();
        byte[] bytes = Files.readAllBytes(tar);
        String hold = "0x" + "z".repeat(40);
        String latin = new String(bytes, StandardCharsets.ISO_8859_1).replace(a0, hold).replace(a1, a0).replace(hold, a1);
        Path swapped = Files.write(dir.resolve("swapped.tar"), latin.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(bytes.length, Files.size(swapped));
        ArchiveReader.inspect(swapped);
        IntegrityException e = assertThrows(IntegrityException.class, () -> ArchiveUnpacker.unpack(swapped, dir.resolve("x"), r.secret(), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("encrypted fragment 0") && e.getMessage().contains("the release secret derives"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("x/a.bin")));
    }

    @Test
    void packRefusesAnArchiveWithNothingEncrypted() throws Exception {
        Path a = Fixtures.randomFile(dir, "in/a.bin", 100, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fixtures.packer(Fixtures.keys(1, 1), 1)
                .file(new FileSpec(a, "a.bin", Cut.whole(), Set.of(0))).build().pack(dir.resolve("o.tar")));
        assertTrue(e.getMessage().contains("at least one encrypted fragment"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("o.tar")));
    }

    @Test
    void aVersion1ManifestIsRejectedByName() throws Exception {
        String v2 = Files.readString(SpecVectorsTest.VECTORS.resolve("manifest-v2.json"));
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class,
                () -> Manifest.parse(v2.replace("\"version\":2", "\"version\":1").getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("manifest version 1 "), e.getMessage());
        assertTrue(e.getMessage().contains("re-pack"), e.getMessage());
    }

    /**
     * A brick: genuine previews, but a fraction b of the encrypted fragments packed from garbage,
     * sealed under the right fragment keys with the garbage's hashes recorded, so it passes every
     * check (inspect, unpack). Only looking inside a fragment tells it apart. Over many beacon
     * seeds, the real sample rule must then hit a garbage fragment about 1 - (1-b)^r of the time
     * (exactly 1 - C(F-B, r)/C(F, r), since samples are distinct: never less than the bound).
     */
    @Test
    void samplingCatchesABrickAsOftenAsPredicted() throws Exception {
        int fragments = 40, size = 512;
        int[] brickCounts = {4, 20, 40};
        for (int bricked : brickCounts) {
            byte[] genuine = new byte[(fragments + 1) * size];
            new Random(5).nextBytes(genuine);
            byte[] shipped = genuine.clone();
            // fragment 0 is a genuine preview; encrypted fragment e is file fragment e+1; brick every (F/B)-th one
            Set<Integer> garbage = new HashSet<>();
            for (int k = 0; k < bricked; k++) garbage.add(k * fragments / bricked);
            Random junk = new Random(bricked);
            for (int e : garbage) {
                byte[] g = new byte[size];
                junk.nextBytes(g);
                System.arraycopy(g, 0, shipped, (e + 1) * size, size);
            }
            Path src = Files.write(dir.resolve("brick-" + bricked + ".bin"), shipped);
            Path tar = dir.resolve("brick-" + bricked + ".tar");
            PackResult r = Fixtures.packer(Fixtures.keys(1, 2), 1).random(Fixtures.seeded(bricked))
                    .file(new FileSpec(src, "album.bin", Cut.everyBytes(size), Set.of(0))).build().pack(tar);
            ArchiveReader.inspect(tar); // passes every keyless check (inspect throws otherwise)
            ArchiveUnpacker.unpack(tar, dir.resolve("u-" + bricked), r.secret(), ProgressListener.NONE); // and unpacks: the hashes are the garbage's
            assertEquals(fragments, r.manifest().fragmentCount());
            // What a fan sees when fragment e is sampled: decrypt it with k_e alone and compare with the genuine work.
            boolean[] caughtAt = new boolean[fragments];
            for (int e = 0; e < fragments; e++) {
                Path out = dir.resolve("s-" + bricked + "-" + e);
                ArchiveUnpacker.decryptFragment(tar, FragmentKeys.derive(r.secret(), e), out);
                caughtAt[e] = !Arrays.equals(Files.readAllBytes(out), Arrays.copyOfRange(genuine, (e + 1) * size, (e + 2) * size));
            }
            for (int e = 0; e < fragments; e++) assertEquals(garbage.contains(e), caughtAt[e], "fragment " + e);
            double b = (double) bricked / fragments;
            for (int samples : new int[] {1, 3, 5}) {
                int seeds = 4000, caught = 0;
                for (int i = 0; i < seeds; i++) {
                    byte[] seed = FragmentVectorGenerator.sha256("brick seed " + i);
                    for (int e : SampleRule.sample(seed, fragments, samples)) {
                        if (caughtAt[e]) {
                            caught++;
                            break;
                        }
                    }
                }
                double observed = (double) caught / seeds;
                double bound = 1 - Math.pow(1 - b, samples);
                double exact = 1 - choose(fragments - bricked, samples) / choose(fragments, samples);
                double sigma = Math.sqrt(exact * (1 - exact) / seeds);
                String what = "b=" + b + " r=" + samples + ": observed " + observed + ", exact " + exact + ", 1-(1-b)^r " + bound;
                assertTrue(Math.abs(observed - exact) <= 4 * sigma + 1e-9, what);
                assertTrue(exact >= bound - 1e-12, what);
                assertTrue(Math.abs(observed - bound) < 0.05, what);
            }
        }
    }

    private static double choose(int n, int k) {
        if (k > n) return 0;
        double c = 1;
        for (int i = 0; i < k; i++) c = c * (n - i) / (k - i);
        return c;
    }
}
