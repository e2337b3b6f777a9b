package org.unveil.archive.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import org.junit.jupiter.api.Test;
import org.unveil.archive.ArchiveFormatException;
import org.unveil.archive.ArchiveReader;

class EntryNamesTest {
    @Test
    void namesThatCollideOnCaseInsensitiveOrNormalisingFileSystemsShareAKey() {
        assertEquals(EntryNames.collisionKey("Stra\u00dfe/Song.mp3"), EntryNames.collisionKey("STRASSE/song.MP3"));
        assertEquals(EntryNames.collisionKey("\u00c4.txt"), EntryNames.collisionKey("A\u0308.TXT"));
        assertNotEquals(EntryNames.collisionKey("a.txt"), EntryNames.collisionKey("b.txt"));
    }

    @Test
    void unsafePathsAreRejected() {
        for (String bad : new String[] {"", "/etc/passwd", "C:/x", "a/../b", "./a", "a//b", "a/", "a\\b", "a\u0000b", "cafe\u0301", "x".repeat(256)}) {
            assertThrows(ArchiveFormatException.class, () -> EntryNames.requireSafe(bad), bad);
        }
        assertDoesNotThrow(() -> EntryNames.requireSafe("Album (2026)/01 \u2013 caf\u00e9.mp3"));
    }

    @Test
    void fragmentEntryNamesSortInManifestOrder() {
        assertEquals("files/000000/000009.age", EntryNames.fragmentEntry(0, 9, false, "audio/mpeg"));
        assertEquals("files/000001/000000.preview.mp3", EntryNames.fragmentEntry(1, 0, true, "audio/mpeg"));
        assertEquals("files/000012/000345.preview.bin", EntryNames.fragmentEntry(12, 345, true, "application/x-unknown"));
    }

    @Test
    void manifestEntriesOverTheCapAreRejectedBeforeBeingRead() throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(Channels.newChannel(bos));
        w.beginEntry("manifest.json", ManifestCodec.MAX_MANIFEST_BYTES + 1L);
        byte[] head = bos.toByteArray(); // the header alone: the reader must refuse without the body
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class, () -> ArchiveReader.inspect(new java.io.ByteArrayInputStream(head)));
        assertEquals("manifest.json is 16777217 bytes; the limit is 16777216", e.getMessage());
    }
}
