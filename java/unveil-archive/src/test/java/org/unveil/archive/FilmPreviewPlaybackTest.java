package org.unveil.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.unveil.archive.internal.media.Ffmpeg;

/**
 * A film as a fan meets it, through the packer (the cutters' own tests split files by hand): an
 * H.264+AAC film as MPEG-TS and as fragmented MP4, packed with its cut, gives previews and a
 * decrypted sample that each decode alone in Debian's ffmpeg for their planned duration within a
 * frame, and unpacks byte for byte. A byte cut of the same film does not decode cleanly.
 */
class FilmPreviewPlaybackTest {
    private static final double FRAME_SECONDS = 0.040; // 25 fps

    @TempDir Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"film.ts, ts, false", "film.mp4, fmp4, true"})
    void everyPreviewAndSampleOfAFilmPlaysAlone(String name, String format, boolean header) throws Exception {
        List<String> args = new ArrayList<>(Ffmpeg.film(Ffmpeg.H264));
        if (format.equals("fmp4")) args.addAll(List.of("-movflags", "+frag_keyframe+empty_moov+default_base_moof"));
        Path film = Ffmpeg.make(Files.createDirectories(dir.resolve("in")), name, args);

        Manifest.FileEntry probe = pack(film, name, format, Set.of(), dir.resolve("probe.tar")).manifest().files().get(0);
        int n = probe.fragments().size();
        int first = probe.hasHeaderFragment() ? 1 : 0;
        assertEquals(header, probe.hasHeaderFragment(), "fMP4 has an init segment, TS does not");
        assertTrue(n - first >= 3, name + " should give at least three segments, got " + n);
        Set<Integer> previews = new HashSet<>();
        for (int j = first; j < n - 1; j++) previews.add(j);
        Path tar = dir.resolve("o.tar");
        PackResult r = pack(film, name, format, previews, tar);
        Manifest.FileEntry f = r.manifest().files().get(0);
        assertEquals(format, f.media().format());

        List<Path> written = ArchiveUnpacker.extractPreviews(tar, dir.resolve("previews"));
        assertEquals(previews.size(), written.size(), written.toString());
        for (int j : previews) {
            String preview = ".preview-" + j + ".";
            assertPlays(written.stream().filter(p -> p.getFileName().toString().contains(preview)).findFirst().orElseThrow(), f.fragments().get(j));
        }
        Manifest.EncryptedFragment last = r.manifest().encryptedFragments().getLast();
        Path sample = dir.resolve("sample-" + last.fragmentIndex() + "-" + name);
        ArchiveUnpacker.decryptFragment(tar, FragmentKeys.derive(r.secret(), last.index()), sample);
        assertPlays(sample, f.fragments().get(last.fragmentIndex()));

        ArchiveUnpacker.unpack(tar, dir.resolve("x"), r.secret(), ProgressListener.NONE);
        assertArrayEquals(Files.readAllBytes(film), Files.readAllBytes(dir.resolve("x").resolve(name)));

        byte[] all = Files.readAllBytes(film);
        Path byteCut = Files.write(dir.resolve("bytecut-" + name), Arrays.copyOfRange(all, all.length / 3, 2 * all.length / 3));
        assertFalse(Ffmpeg.decode(byteCut).clean(), "a byte cut of " + name + " decoded cleanly, so the check above proves nothing");
    }

    private static void assertPlays(Path file, Manifest.Fragment planned) throws Exception {
        Ffmpeg.Decoded d = Ffmpeg.decode(file);
        assertTrue(d.clean(), file.getFileName() + " does not decode alone: exit " + d.exit() + ", " + d.errors());
        assertEquals(planned.span().duration() / 1e6, d.micros() / 1e6, FRAME_SECONDS, file.getFileName() + " decodes to " + d.micros() / 1e6
                + " s of video; the plan says " + planned.span().duration() / 1e6);
    }

    private PackResult pack(Path film, String name, String format, Set<Integer> previews, Path tar) throws Exception {
        return Fixtures.packer(Fixtures.keys(1, 1), 1).file(new FileSpec(film, name, Cut.media(format, 2), previews)).build().pack(tar);
    }
}
