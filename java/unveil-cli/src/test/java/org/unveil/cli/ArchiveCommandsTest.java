package org.unveil.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The archive commands end to end, as a user runs them, checked with GNU tar, age and mpg123. */
class ArchiveCommandsTest {
    static final Path MP3 = Path.of(System.getProperty("unveil.root", "../.."), "java/unveil-archive/src/test/resources/media/tone-cbr-44k.mp3");
    @TempDir Path dir;

    static CliRun unveil(String... args) {
        return CliRun.of(args);
    }

    static int exec(Path cwd, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }

    private Path packAlbum() throws Exception {
        Path album = Files.createDirectories(dir.resolve("album"));
        Files.copy(MP3, album.resolve("song.mp3"));
        Files.writeString(album.resolve("liner-notes.txt"), "Recorded in one take.\n".repeat(50));
        CliRun r = unveil("pack", "--out", dir.resolve("release.tar").toString(), "--cut", "album/song.mp3:mp3:4", "--preview", "album/song.mp3:0",
                "--preview", "album/liner-notes.txt", "--group", "2/3", "--test-keyholders", dir.resolve("keys").toString(),
                "--pledge-deadline", "2030-01-01T00:00:00Z", "--json", album.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(dir.resolve("release.tar.secret").toString(), r.json().get("secretFile").stringValue());
        return dir.resolve("release.tar");
    }

    /** A 6-second FLAC tone from Debian's ffmpeg (scripts/setup installs it). */
    private Path flac() throws Exception {
        Path song = dir.resolve("song.flac");
        assertEquals(0, exec(dir, "ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=6", "-c:a", "flac",
                song.toString()), "ffmpeg must be installed (scripts/setup)");
        return song;
    }

    @Test
    void flacCutHasAPlaintextHeaderAndInspectNamesEachPreviewsFormatDurationAndPlace() throws Exception {
        Path song = flac();
        CliRun r = unveil("pack", "--out", dir.resolve("r.tar").toString(), "--cut", "song.flac:flac:2", "--preview", "song.flac:2",
                "--group", "1/1", "--test-keyholders", dir.resolve("keys").toString(), "--pledge-deadline", "2030-01-01T00:00:00Z", song.toString());
        assertEquals(0, r.exit(), r.err());
        CliRun text = unveil("inspect", dir.resolve("r.tar").toString());
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("PREVIEW (plaintext) (flac header: codec setup, no media"), text.out());
        assertTrue(text.out().matches("(?s).*preview {10}song\\.flac fragment 2 \\(flac, 2\\.\\d s, at 0:02-0:04\\).*"), text.out());
        CliRun preview = unveil("preview", dir.resolve("r.tar").toString(), "--out", dir.resolve("pv").toString());
        assertEquals(0, preview.exit(), preview.err());
        assertEquals(List.of(dir.resolve("pv/song.preview-2.flac").toString()), preview.out().lines().toList(), "the header alone is no preview");
        assertEquals(0, exec(dir, "ffmpeg", "-nostdin", "-v", "error", "-xerror", "-i", dir.resolve("pv/song.preview-2.flac").toString(), "-f", "null", "-"));
    }

    @Test
    void aCutNamingAnotherFormatThanTheContentSaysWhichToUse() throws Exception {
        Path song = flac();
        CliRun r = unveil("pack", "--out", dir.resolve("r.tar").toString(), "--cut", "song.flac:ogg", "--group", "1/1", "--test-keyholders",
                dir.resolve("keys").toString(), "--pledge-deadline", "2030-01-01T00:00:00Z", song.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("song.flac looks like FLAC, not Ogg: use --cut song.flac:flac"), r.err());
        r = unveil("pack", "--out", dir.resolve("r.tar").toString(), "--cut", "song.flac:ts", "--group", "1/1", "--test-keyholders",
                dir.resolve("keys").toString(), "--pledge-deadline", "2030-01-01T00:00:00Z", song.toString());
        assertTrue(r.err().contains("song.flac looks like FLAC, not MPEG-TS: use --cut song.flac:flac"), r.err());
        assertFalse(Files.exists(dir.resolve("r.tar")));
    }

    @Test
    void packInspectPreviewUnpackWithKeyholderKeys() throws Exception {
        Path tar = packAlbum();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("release.tar.secret"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys/0-1.key"))));

        CliRun inspect = unveil("inspect", tar.toString(), "--json");
        assertEquals(0, inspect.exit(), inspect.err());
        JsonNode m = inspect.json().get("manifest");
        assertEquals(3, m.get("files").get(1).get("fragments").size(), "12 s of audio cut into >= 4 s segments");
        assertEquals(0, inspect.json().get("suspects").size());
        assertEquals(1893456000L, m.get("terms").get("pledgeDeadline").longValue());
        CliRun text = unveil("inspect", tar.toString());
        assertTrue(text.out().contains("fragment 0      bytes 0.."), text.out());
        assertTrue(text.out().contains("suspect          no"), text.out());

        CliRun preview = unveil("preview", tar.toString(), "--out", dir.resolve("pv").toString());
        assertEquals(0, preview.exit(), preview.err());
        Path segment = dir.resolve("pv/album/song.preview-0.mp3");
        assertTrue(Files.size(segment) > 20_000);
        assertEquals(0, exec(dir, "mpg123", "-q", "-t", segment.toString()), "mpg123 plays the preview on its own");
        assertEquals(Files.readString(dir.resolve("album/liner-notes.txt")), Files.readString(dir.resolve("pv/album/liner-notes.txt")));

        CliRun unpack = unveil("unpack", tar.toString(), "--out", dir.resolve("x").toString(), "--release-key-file",
                dir.resolve("keys/0-3.key").toString(), dir.resolve("keys/0-1.key").toString());
        assertEquals(0, unpack.exit(), unpack.err());
        assertArrayEquals(Files.readAllBytes(MP3), Files.readAllBytes(dir.resolve("x/album/song.mp3")));
    }

    @Test
    void secretFileUnpacksAndItsAgeIdentityOpensFragmentsWithStockAge() throws Exception {
        Path tar = packAlbum();
        CliRun unpack = unveil("unpack", tar.toString(), "--out", dir.resolve("x").toString(), "--secret-file", dir.resolve("release.tar.secret").toString(), "--json");
        assertEquals(0, unpack.exit(), unpack.err());
        assertEquals(2, unpack.json().get("files").size());
        String secret = dir.resolve("release.tar.secret").toString();
        CliRun id = unveil("secret", "age-identity", "--secret-file", secret, "--archive", tar.toString());
        assertEquals(0, id.exit(), id.err());
        // song.mp3's fragments 1 and 2 are encrypted fragments 0 and 1: one identity each, with comment lines stock age skips
        List<String> identities = id.out().lines().filter(l -> !l.startsWith("#")).toList();
        assertEquals(2, identities.size(), id.out());
        identities.forEach(l -> assertTrue(l.startsWith("AGE-SECRET-KEY-1"), l));
        assertTrue(id.out().contains("# fragment 1: files/000001/000002.age (album/song.mp3 fragment 2"), id.out());
        Files.writeString(dir.resolve("id.txt"), id.out());
        Path t = Files.createDirectories(dir.resolve("t"));
        assertEquals(0, exec(t, "tar", "-xf", tar.toString()));
        // age tries every identity in the file
        assertEquals(0, exec(t, "sh", "-c", "age -d -i ../id.txt files/000001/000001.age > seg1.mp3"));
        assertEquals(0, exec(t, "sh", "-c", "age -d -i ../id.txt files/000001/000002.age > seg2.mp3"));
        // one fragment's identity opens that fragment only
        CliRun one = unveil("secret", "age-identity", "--secret-file", secret, "--archive", tar.toString(), "--fragment", "1");
        assertEquals(0, one.exit(), one.err());
        assertEquals(1, one.out().lines().filter(l -> l.startsWith("AGE-SECRET-KEY-1")).count(), one.out());
        Files.writeString(dir.resolve("id1.txt"), one.out());
        assertEquals(0, exec(t, "sh", "-c", "age -d -i ../id1.txt files/000001/000002.age > /dev/null"));
        assertTrue(exec(t, "sh", "-c", "age -d -i ../id1.txt files/000001/000001.age > /dev/null 2>&1") != 0, "fragment 1's identity must not open fragment 0");
        JsonNode json = unveil("secret", "age-identity", "--secret-file", secret, "--archive", tar.toString(), "--json").json();
        assertEquals(identities, java.util.stream.StreamSupport.stream(json.get("fragments").spliterator(), false)
                .map(f -> f.get("identity").stringValue()).toList());
        CliRun none = unveil("secret", "age-identity", "--secret-file", secret, "--archive", tar.toString(), "--fragment", "2");
        assertEquals(1, none.exit());
        assertTrue(none.err().contains("--fragment 2 does not exist") && none.err().contains("2 encrypted fragment(s), 0..1"), none.err());
        byte[] seg1 = Files.readAllBytes(t.resolve("seg1.mp3"));
        byte[] whole = Files.readAllBytes(MP3);
        JsonNode f1 = unveil("inspect", tar.toString(), "--json").json().get("manifest").get("files").get(1).get("fragments").get(1);
        int off = (int) f1.get("offset").longValue();
        assertArrayEquals(java.util.Arrays.copyOfRange(whole, off, off + seg1.length), seg1);
    }

    @Test
    void tooFewKeysAndTamperedArchivesFailWithOneLineAndNoOutput() throws Exception {
        Path tar = packAlbum();
        CliRun few = unveil("unpack", tar.toString(), "--out", dir.resolve("x").toString(), "--release-key-file", dir.resolve("keys/0-2.key").toString());
        assertEquals(1, few.exit());
        assertEquals(1, few.err().lines().count(), few.err());
        assertTrue(few.err().contains("group 0: 1 of 2"), few.err());

        byte[] bytes = Files.readAllBytes(tar);
        bytes[bytes.length - 2000] ^= 4;
        Path bad = Files.write(dir.resolve("bad.tar"), bytes);
        CliRun tampered = unveil("unpack", bad.toString(), "--out", dir.resolve("y").toString(), "--secret-file", dir.resolve("release.tar.secret").toString());
        assertEquals(1, tampered.exit());
        assertTrue(tampered.err().startsWith("unveil: "), tampered.err());
        try (Stream<Path> s = Files.walk(dir.resolve("y"))) {
            assertFalse(s.anyMatch(Files::isRegularFile), "no output file may be left");
        }
        CliRun inspect = unveil("inspect", bad.toString());
        assertEquals(1, inspect.exit());
        assertTrue(inspect.err().contains("tampered"), inspect.err());
    }

    @Test
    void packNeedsKeyholdersAndRejectsUnknownPaths() throws Exception {
        Path f = Files.writeString(dir.resolve("a.txt"), "x");
        CliRun none = unveil("pack", "--out", dir.resolve("o.tar").toString(), f.toString());
        assertEquals(1, none.exit());
        assertTrue(none.err().contains("need 3 keyholder public keys"), none.err());
        CliRun unknown = unveil("pack", "--out", dir.resolve("o.tar").toString(), "--preview", "b.txt", "--test-keyholders", dir.resolve("k").toString(), f.toString());
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("--preview names b.txt"), unknown.err());
        assertFalse(Files.exists(dir.resolve("o.tar")));
    }

    @Test
    void explicitKeyholderPublicKeysAreUsedInOrder() throws Exception {
        Path f = Files.writeString(dir.resolve("a.txt"), "x");
        List<String> pubs = Stream.of(1, 2).map(i -> {
            var k = org.unveil.archive.keys.ReleaseKey.random(new java.security.SecureRandom());
            return java.util.HexFormat.of().formatHex(k.publicKey());
        }).toList();
        CliRun r = unveil("pack", "--out", dir.resolve("o.tar").toString(), "--group", "1/2", "--keyholder", pubs.get(0), "--keyholder", pubs.get(1), f.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode shares = unveil("inspect", dir.resolve("o.tar").toString(), "--json").json().get("manifest").get("groups").get(0).get("shares");
        assertEquals(pubs.get(0), shares.get(0).get("keyholder").stringValue());
        assertEquals(pubs.get(1), shares.get(1).get("keyholder").stringValue());
    }

    @Test
    void packPrintsTheCidThatIpfsAddStores() throws Exception {
        Path f = dir.resolve("a.bin");
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(5).nextBytes(data);
        Files.write(f, data);
        for (String profile : new String[] {"unixfs-v1-2025", "kubo-legacy"}) {
            Path tar = dir.resolve(profile + ".tar");
            CliRun r = unveil("pack", "--out", tar.toString(), "--test-keyholders", dir.resolve("k-" + profile).toString(),
                    "--cid-profile", profile, "--json", f.toString());
            assertEquals(0, r.exit(), r.err());
            String cid = r.json().get("cid").stringValue();
            CliRun added = unveil("ipfs", "add", tar.toString(), "--profile", profile, "--repo", dir.resolve("repo").toString(), "--json");
            assertEquals(0, added.exit(), added.err());
            assertEquals(cid, added.json().get("cid").stringValue(), "pack and ipfs add agree on the archive's CID (" + profile + ")");
            assertTrue(cid.startsWith("bafy"), cid);
        }
        // The CID is hashed while packing, with manifest.json's chunks hashed again at the end: a manifest
        // spanning several 256 KiB chunks, and a whole archive inside one chunk, must come out the same.
        Path small = dir.resolve("small.txt");
        Files.writeString(small, "tiny");
        String[][] cases = {{"--cut", "a.bin:1K", f.toString()}, {small.toString()}};
        for (String[] inputs : cases) {
            Path tar = dir.resolve("case-" + inputs.length + ".tar");
            List<String> args = new java.util.ArrayList<>(List.of("pack", "--out", tar.toString(), "--test-keyholders",
                    dir.resolve("k-case-" + inputs.length).toString(), "--cid-profile", "kubo-legacy", "--json"));
            args.addAll(List.of(inputs));
            CliRun r = unveil(args.toArray(String[]::new));
            assertEquals(0, r.exit(), r.err());
            CliRun added = unveil("ipfs", "add", tar.toString(), "--profile", "kubo-legacy", "--repo", dir.resolve("repo").toString(), "--json");
            assertEquals(added.json().get("cid").stringValue(), r.json().get("cid").stringValue(), String.join(" ", inputs));
        }
    }
}
