package org.unveil.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.unveil.archive.internal.media.FfmpegAudio;

/**
 * Media cuts as a fan meets them, checked with Debian's ffmpeg: every preview and every sample the
 * archive gives out decodes alone without an error, lasts what the manifest says within one
 * frame, and the original comes back byte for byte. The negative control shows a plain byte cut
 * of the same file does not decode cleanly, so the check can fail.
 */
class MediaPreviewPlaybackTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // name, cut format, sample rate, one frame in seconds (the tolerance), ffmpeg codec arguments
        "song.flac, flac, 44100, 0.105, -c:a flac",
        "song.opus, ogg, 48000, 0.030, -c:a libopus -b:a 32k",
        "song.ogg, ogg, 44100, 0.047, -c:a libvorbis",
        "song.mp3, mp3, 44100, 0.027, -c:a libmp3lame",
    })
    void everyPreviewAndSamplePlaysAloneForItsPlannedDuration(String name, String format, int rate, double frame, String codec) throws Exception {
        Path song = FfmpegAudio.tone(Files.createDirectories(dir.resolve("in")).resolve(name), 7, rate, codec.split(" "));
        Manifest.FileEntry probe = pack(song, name, format, Set.of(), dir.resolve("probe.tar")).manifest().files().get(0);
        int n = probe.fragments().size();
        int first = probe.hasHeaderFragment() ? 1 : 0;
        assertTrue(n - first >= 3, name + " should give at least three 2-second segments, got " + n);
        // Every media segment but the last is a preview; the last stays encrypted and is opened as a sample.
        Set<Integer> previews = new HashSet<>();
        for (int j = first; j < n - 1; j++) previews.add(j);
        Path tar = dir.resolve("o.tar");
        PackResult r = pack(song, name, format, previews, tar);
        Manifest.FileEntry f = r.manifest().files().get(0);
        assertEquals(format, f.media().format());
        assertEquals(!format.equals("mp3"), f.hasHeaderFragment(), "FLAC and Ogg carry a header segment, MP3 does not");
        if (f.hasHeaderFragment()) assertTrue(f.fragments().get(0).preview(), "a header segment is always a preview");

        List<Path> written = ArchiveUnpacker.extractPreviews(tar, dir.resolve("previews"));
        assertEquals(previews.size(), written.size(), written.toString());
        long total = 0;
        for (int j = first; j < n; j++) total += f.fragments().get(j).span().duration();
        assertEquals(7.0, total / 1e6, frame, "the segments' durations add up to the work");
        for (int j : previews) {
            String preview = ".preview-" + j + ".";
            assertPlays(written.stream().filter(p -> p.getFileName().toString().contains(preview)).findFirst().orElseThrow(), f.fragments().get(j), frame);
        }

        Manifest.EncryptedFragment last = r.manifest().encryptedFragments().getLast();
        Path sample = dir.resolve("sample-" + last.fragmentIndex() + "." + format);
        ArchiveUnpacker.DecryptedFragment d = ArchiveUnpacker.decryptFragment(tar, FragmentKeys.derive(r.secret(), last.index()), sample);
        assertEquals(f.hasHeaderFragment() ? f.fragments().get(0).size() : 0, d.headerBytes());
        assertPlays(sample, f.fragments().get(last.fragmentIndex()), frame);

        ArchiveUnpacker.unpack(tar, dir.resolve("x"), r.secret(), ProgressListener.NONE);
        assertArrayEquals(Files.readAllBytes(song), Files.readAllBytes(dir.resolve("x").resolve(name)));

        // Negative control: the middle third of the same file as plain bytes does not decode cleanly. (MP3 frames carry their
        // own headers, so ffmpeg resyncs on a byte cut; Mp3SegmenterTest shows with mpg123 that such a cut loses a frame.)
        if (format.equals("mp3")) return;
        byte[] all = Files.readAllBytes(song);
        Path byteCut = Files.write(dir.resolve("bytecut-" + name), Arrays.copyOfRange(all, all.length / 3, 2 * all.length / 3));
        assertFalse(FfmpegAudio.decode(byteCut).clean(), "a byte cut of " + name + " decoded cleanly, so the check above proves nothing");
    }

    private static void assertPlays(Path file, Manifest.Fragment planned, double frame) throws Exception {
        FfmpegAudio.Result r = FfmpegAudio.decode(file);
        assertTrue(r.clean(), file.getFileName() + " does not decode alone: exit " + r.exit() + ", " + r.errors());
        assertEquals(planned.span().duration() / 1e6, r.seconds(), frame, file.getFileName() + " decodes to " + r.seconds() + " s; the plan says "
                + planned.span().duration() / 1e6);
    }

    private PackResult pack(Path song, String name, String format, Set<Integer> previews, Path tar) throws Exception {
        return Fixtures.packer(Fixtures.keys(1, 1), 1).file(new FileSpec(song, name, Cut.media(format, 2), previews)).build().pack(tar);
    }

    @Test
    void aHeaderSegmentAloneIsNoPreviewForAFanToJudge() throws Exception {
        Path flac = FfmpegAudio.tone(dir.resolve("song.flac"), 3, 44100, "-c:a", "flac");
        Path tar = dir.resolve("o.tar");
        Manifest m = pack(flac, "song.flac", "flac", Set.of(), tar).manifest();
        assertTrue(m.files().get(0).fragments().get(0).preview(), "the header is stored in plaintext");
        Inspection i = ArchiveReader.inspect(tar);
        assertEquals(0, i.previewBytes());
        assertEquals(List.of("no preview: nothing in this archive can be checked before release"), i.suspects());
        assertEquals(List.of(), ArchiveUnpacker.extractPreviews(tar, dir.resolve("pv")), "a header alone does not play, so it is not written");
    }

    @Test
    void aFileOfAnotherFormatThanTheCutNamesIsRefusedNamingBoth() throws Exception {
        Path opus = FfmpegAudio.tone(dir.resolve("song.opus"), 1, 48000, "-c:a", "libopus");
        Path flac = Files.copy(opus, dir.resolve("song.flac"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pack(flac, "song.flac", "flac", Set.of(), dir.resolve("o.tar")));
        assertEquals("song.flac looks like Ogg, not FLAC: use --cut song.flac:ogg", e.getMessage());
        Path text = Files.writeString(dir.resolve("notes.flac"), "not audio at all, just words");
        e = assertThrows(IllegalArgumentException.class, () -> pack(text, "notes.flac", "flac", Set.of(), dir.resolve("o.tar")));
        assertTrue(e.getMessage().startsWith("notes.flac does not look like FLAC"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("o.tar")));
    }
}
