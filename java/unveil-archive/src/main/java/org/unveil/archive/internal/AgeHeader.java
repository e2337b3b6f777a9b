package org.unveil.archive.internal;

import com.exceptionfactory.jagged.RecipientStanza;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.unveil.archive.ArchiveFormatException;

/**
 * Parser of the age v1 text header (C2SP age.md, "Header"), for {@code AgeChunkReader}. Accepts
 * headers up to {@link #MAX_HEADER} bytes; stanza bodies must be canonical unpadded base64 in
 * lines of 64 columns, the last one shorter.
 */
public record AgeHeader(List<RecipientStanza> stanzas, byte[] macInput, byte[] mac, int length) {
    static final int MAX_HEADER = 16 * 1024;
    private static final String VERSION_LINE = "age-encryption.org/v1";

    public static AgeHeader read(SeekableByteChannel ch, long offset, long available) throws IOException {
        int want = (int) Math.min(MAX_HEADER, available);
        ByteBuffer b = ByteBuffer.allocate(want);
        ch.position(offset);
        while (b.hasRemaining() && ch.read(b) >= 0) {
            // fill what is there
        }
        return parse(Arrays.copyOf(b.array(), b.position()));
    }

    /** Parses the header at the start of {@code h}, which may hold payload bytes after it. */
    public static AgeHeader parse(byte[] h) throws ArchiveFormatException {
        int pos = 0;
        List<String> lines = new ArrayList<>();
        int macLineStart = -1;
        while (true) {
            int nl = indexOf(h, (byte) '\n', pos);
            if (nl < 0) throw new ArchiveFormatException("age header is longer than " + MAX_HEADER + " bytes or truncated");
            String line = new String(h, pos, nl - pos, StandardCharsets.US_ASCII);
            if (line.startsWith("---")) {
                macLineStart = pos;
                pos = nl + 1;
                lines.add(line);
                break;
            }
            lines.add(line);
            pos = nl + 1;
        }
        if (!lines.get(0).equals(VERSION_LINE)) throw new ArchiveFormatException("not an age v1 file (first line '" + lines.get(0) + "')");
        String macLine = lines.get(lines.size() - 1);
        if (!macLine.startsWith("--- ")) throw new ArchiveFormatException("age header MAC line is malformed");
        byte[] mac = b64(macLine.substring(4));
        if (mac.length != 32) throw new ArchiveFormatException("age header MAC is " + mac.length + " bytes, not 32");
        List<RecipientStanza> stanzas = new ArrayList<>();
        int i = 1;
        while (i < lines.size() - 1) {
            String line = lines.get(i++);
            if (!line.startsWith("-> ")) throw new ArchiveFormatException("age header line '" + line + "' is not a stanza");
            String[] parts = line.substring(3).split(" ", -1);
            StringBuilder body = new StringBuilder();
            while (true) {
                if (i >= lines.size() - 1) throw new ArchiveFormatException("age stanza body is not terminated by a short line");
                String bl = lines.get(i++);
                if (bl.length() > 64) throw new ArchiveFormatException("age stanza body line longer than 64 columns");
                body.append(bl);
                if (bl.length() < 64) break;
            }
            stanzas.add(new Stanza(parts[0], List.of(Arrays.copyOfRange(parts, 1, parts.length)), b64(body.toString())));
        }
        // The MAC covers the header up to and including "---" (without the space and MAC).
        byte[] macInput = Arrays.copyOf(h, macLineStart + 3);
        return new AgeHeader(List.copyOf(stanzas), macInput, mac, pos);
    }

    private static byte[] b64(String s) throws ArchiveFormatException {
        if (!s.matches("[A-Za-z0-9+/]*")) throw new ArchiveFormatException("age header has non-canonical base64");
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new ArchiveFormatException("age header has invalid base64", e);
        }
    }

    private static int indexOf(byte[] b, byte v, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == v) return i;
        return -1;
    }

    private record Stanza(String getType, List<String> getArguments, byte[] getBody) implements RecipientStanza {}
}
