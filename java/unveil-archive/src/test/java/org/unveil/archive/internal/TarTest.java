package org.unveil.archive.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.archive.ArchiveFormatException;

class TarTest {
    @TempDir Path dir;

    static byte[] tar(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(Channels.newChannel(bos));
        for (int i = 0; i < namesAndContents.length; i += 2) w.entry(namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        w.finish();
        return bos.toByteArray();
    }

    static List<String> readAll(InputStream in) throws IOException {
        TarReader r = new TarReader(in);
        List<String> out = new ArrayList<>();
        for (TarReader.Entry e; (e = r.next()) != null; ) {
            out.add(e.name() + "=" + new String(r.content().readAllBytes(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void writerIsReproducibleAndReaderRoundTrips() throws IOException {
        byte[] a = tar("manifest.json", "{}", "files/000000/000000.age", "x".repeat(1000));
        byte[] b = tar("manifest.json", "{}", "files/000000/000000.age", "x".repeat(1000));
        assertArrayEquals(a, b);
        assertEquals(512 + 512 + 512 + 1024 + 1024, a.length);
        assertEquals(List.of("manifest.json={}", "files/000000/000000.age=" + "x".repeat(1000)), readAll(new ByteArrayInputStream(a)));
    }

    @Test
    void readerGivesTheSameResultOneByteAtATime() throws IOException {
        byte[] a = tar("a", "hello", "b/c", "", "d", "y".repeat(513));
        assertEquals(readAll(new ByteArrayInputStream(a)), readAll(Mp3SegmenterTest.oneByteAtATime(new ByteArrayInputStream(a))));
    }

    @Test
    void gnuTarReadsLongNamesAndSeesTheExactBytes() throws Exception {
        String longName = "d/" + "n".repeat(150) + ".bin";
        Files.write(dir.resolve("t.tar"), tar(longName, "long", "short", "s"));
        Process p = new ProcessBuilder("tar", "-tf", "t.tar").directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals(List.of(longName, "short"), out.lines().toList());
        assertEquals(List.of(longName + "=long", "short=s"), readAll(Files.newInputStream(dir.resolve("t.tar"))));
    }

    @Test
    void sizesOf8GiBAndMoreGetAPaxSizeRecordThatTheReaderHonours() throws IOException {
        long big = 8L * 1024 * 1024 * 1024 + 5;
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(Channels.newChannel(bos));
        w.beginEntry("huge.bin", big);
        byte[] head = bos.toByteArray();
        assertEquals(3 * 512, head.length); // PAX header, PAX body block, ustar header
        assertEquals('x', head[156]);
        String body = new String(head, 512, 512, StandardCharsets.UTF_8).replace("\0", "");
        assertEquals("19 size=8589934597\n", body);
        TarReader r = new TarReader(new ByteArrayInputStream(head));
        TarReader.Entry e = r.next();
        assertEquals(big, e.size());
        assertEquals("huge.bin", e.name());
    }

    @Test
    void paxRecordLengthCountsItsOwnDigits() {
        assertEquals("19 size=8589934597\n", TarWriter.paxRecord("size", "8589934597"));
        String r = TarWriter.paxRecord("path", "p".repeat(93)); // payload 99 -> length 101 (3 digits)
        assertEquals(r.length(), Integer.parseInt(r.substring(0, r.indexOf(' '))));
    }

    @Test
    void rejectsLinksDirectoriesTraversalAndDamage() throws IOException {
        byte[] ok = tar("a", "hello");
        assertRejected(withType(ok, '2'), "type '2'");
        assertRejected(withType(ok, '5'), "type '5'");
        assertRejected(withType(ok, 'g'), "type 'g'");
        assertRejected(tarNamed("../etc/passwd"), "'..'");
        assertRejected(tarNamed("/abs"), "absolute");
        assertRejected(tarNamed("a//b"), "empty");
        byte[] badSum = ok.clone();
        badSum[0] = 'b';
        assertRejected(badSum, "checksum");
        byte[] gnu = ok.clone();
        System.arraycopy("ustar  \0".getBytes(StandardCharsets.US_ASCII), 0, gnu, 257, 8);
        assertRejected(fixChecksum(gnu), "not POSIX ustar");
        assertRejected(java.util.Arrays.copyOf(ok, 700), "truncated");
        assertRejected(java.util.Arrays.copyOf(ok, 1024), "truncated");
        byte[] trailing = java.util.Arrays.copyOf(ok, ok.length + 512);
        trailing[ok.length + 3] = 1;
        assertRejected(trailing, "after the tar end marker");
        byte[] padding = ok.clone();
        padding[512 + 100] = 7;
        assertRejected(padding, "non-zero padding");
        byte[] link = ok.clone();
        link[157] = 'x';
        assertRejected(fixChecksum(link), "link target");
        byte[] nonOctal = ok.clone();
        nonOctal[124 + 3] = '9';
        assertRejected(fixChecksum(nonOctal), "not octal");
    }

    @Test
    void acceptsZeroPaddingAfterTheEndMarker() throws IOException {
        byte[] ok = tar("a", "hello");
        byte[] padded = java.util.Arrays.copyOf(ok, 10240);
        TarReader r = new TarReader(new ByteArrayInputStream(padded));
        assertEquals("a", r.next().name());
        assertNull(r.next());
    }

    static byte[] tarNamed(String name) throws IOException {
        byte[] t = tar("placeholder", "x");
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        java.util.Arrays.fill(t, 0, 100, (byte) 0);
        System.arraycopy(n, 0, t, 0, n.length);
        return fixChecksum(t);
    }

    static byte[] withType(byte[] t, char type) {
        byte[] c = t.clone();
        c[156] = (byte) type;
        return fixChecksum(c);
    }

    static byte[] fixChecksum(byte[] t) {
        java.util.Arrays.fill(t, 148, 156, (byte) ' ');
        int sum = TarHeader.checksum(t);
        byte[] digits = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, t, 148, 8);
        return t;
    }

    static void assertRejected(byte[] tar, String messagePart) {
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class, () -> readAll(new ByteArrayInputStream(tar)));
        assertTrue(e.getMessage().contains(messagePart), "'" + e.getMessage() + "' should mention " + messagePart);
    }
}
