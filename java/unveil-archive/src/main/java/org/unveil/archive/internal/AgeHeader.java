package org.unveil.archive.internal;

import com.exceptionfactory.jagged.bech32.Bech32;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.unveil.archive.AgeIdentity;
import org.unveil.archive.ArchiveFormatException;

/**
 * Parser of the age v1 text header (C2SP age.md, "Header") and unwrapper of its X25519 stanzas,
 * for both age readers. Strict as the spec and the CCTV age testkit require: every argument is
 * one or more VCHARs, base64 is canonical and unpadded, bodies come in lines of 64 columns with a
 * shorter last one, X25519 stanzas have exactly a 32-byte share and a 32-byte body, and an scrypt
 * stanza must be alone. Anything else is an {@link ArchiveFormatException}.
 */
public record AgeHeader(List<Stanza> stanzas, byte[] macInput, byte[] mac, int length) {
    static final int MAX_HEADER = 16 * 1024;
    private static final String VERSION_LINE = "age-encryption.org/v1";
    private static final String X25519_TYPE = "X25519";
    private static final String X25519_INFO = "age-encryption.org/v1/X25519";
    private static final int FILE_KEY = 16;

    /** One recipient stanza: its type (first argument), the other arguments and the decoded body. */
    public record Stanza(String type, List<String> args, byte[] body) {}

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
            // Non-ASCII bytes decode to U+FFFD, which no rule below accepts.
            String line = new String(h, pos, nl - pos, StandardCharsets.US_ASCII);
            lines.add(line);
            if (line.startsWith("---")) {
                macLineStart = pos;
                pos = nl + 1;
                break;
            }
            pos = nl + 1;
        }
        if (!lines.get(0).equals(VERSION_LINE)) throw new ArchiveFormatException("not an age v1 file (first line '" + lines.get(0) + "')");
        String macLine = lines.get(lines.size() - 1);
        if (!macLine.startsWith("--- ")) throw new ArchiveFormatException("age header MAC line is malformed");
        byte[] mac = b64(macLine.substring(4));
        if (mac.length != 32) throw new ArchiveFormatException("age header MAC is " + mac.length + " bytes, not 32");
        List<Stanza> stanzas = new ArrayList<>();
        int i = 1;
        while (i < lines.size() - 1) {
            String line = lines.get(i++);
            if (!line.startsWith("-> ")) throw new ArchiveFormatException("age header line '" + line + "' is not a stanza");
            List<String> parts = List.of(line.substring(3).split(" ", -1));
            for (String a : parts) {
                if (!isVchars(a)) throw new ArchiveFormatException("age stanza argument '" + a + "' is empty or has a character other than printable ASCII");
            }
            StringBuilder body = new StringBuilder();
            while (true) {
                if (i >= lines.size() - 1) throw new ArchiveFormatException("age stanza body is not terminated by a short line");
                String bl = lines.get(i++);
                if (bl.length() > 64) throw new ArchiveFormatException("age stanza body line longer than 64 columns");
                body.append(bl);
                if (bl.length() < 64) break;
            }
            stanzas.add(checked(new Stanza(parts.get(0), parts.subList(1, parts.size()), b64(body.toString()))));
        }
        if (stanzas.size() > 1 && stanzas.stream().anyMatch(s -> s.type().equals("scrypt"))) {
            throw new ArchiveFormatException("age header mixes an scrypt stanza with others; scrypt must be the only stanza");
        }
        // The MAC covers the header up to and including "---" (without the space and MAC).
        byte[] macInput = Arrays.copyOf(h, macLineStart + 3);
        return new AgeHeader(List.copyOf(stanzas), macInput, mac, pos);
    }

    /**
     * The file key from the first X25519 stanza that opens with {@code identity} (C2SP age.md,
     * "X25519 recipient type").
     *
     * @throws ArchiveFormatException if a stanza's share is a low-order point (the shared secret is
     *     all zeroes), which the spec makes a header failure rather than a mismatch
     * @throws GeneralSecurityException if no X25519 stanza opens with the identity
     */
    public byte[] fileKey(AgeIdentity identity) throws ArchiveFormatException, GeneralSecurityException {
        byte[] secret = Bech32.getDecoder().decode(identity.encoded()).getData();
        byte[] recipient = new byte[X25519.POINT_SIZE];
        X25519.scalarMultBase(secret, 0, recipient, 0);
        byte[] shared = new byte[X25519.POINT_SIZE];
        try {
            for (Stanza s : stanzas) {
                if (!s.type().equals(X25519_TYPE)) continue;
                byte[] share = Base64.getDecoder().decode(s.args().get(0)); // checked canonical in parse
                if (!X25519.calculateAgreement(secret, 0, share, 0, shared, 0)) {
                    throw new ArchiveFormatException("age X25519 stanza has a low-order share; the header is malformed");
                }
                byte[] salt = new byte[2 * X25519.POINT_SIZE];
                System.arraycopy(share, 0, salt, 0, X25519.POINT_SIZE);
                System.arraycopy(recipient, 0, salt, X25519.POINT_SIZE, X25519.POINT_SIZE);
                byte[] wrapKey = AgeKeys.hkdf(shared, salt, X25519_INFO, 32);
                try {
                    Cipher c = AgeKeys.chacha20Poly1305();
                    c.init(Cipher.DECRYPT_MODE, AgeKeys.key(wrapKey), new IvParameterSpec(new byte[12]));
                    return c.doFinal(s.body());
                } catch (AEADBadTagException e) {
                    // sealed to another recipient: try the next stanza
                } finally {
                    Arrays.fill(wrapKey, (byte) 0);
                }
            }
            throw new GeneralSecurityException("no X25519 stanza opens with identity " + identity.recipient());
        } finally {
            Arrays.fill(secret, (byte) 0);
            Arrays.fill(shared, (byte) 0);
        }
    }

    /** X25519 stanzas are checked whatever the identity, so a malformed one is never a mere mismatch. */
    private static Stanza checked(Stanza s) throws ArchiveFormatException {
        if (!s.type().equals(X25519_TYPE)) return s;
        if (s.args().size() != 1) throw new ArchiveFormatException("age X25519 stanza has " + s.args().size() + " arguments, not 1");
        int share = b64(s.args().get(0)).length;
        if (share != X25519.POINT_SIZE) throw new ArchiveFormatException("age X25519 stanza share is " + share + " bytes, not 32");
        if (s.body().length != FILE_KEY + AgeSizes.TAG) throw new ArchiveFormatException("age X25519 stanza body is " + s.body().length + " bytes, not 32");
        return s;
    }

    /** One or more VCHARs (0x21..0x7E), the spec's only allowed argument characters. */
    private static boolean isVchars(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < 0x21 || s.charAt(i) > 0x7e) return false;
        return true;
    }

    /**
     * Canonical unpadded base64 only. The JDK decoder ignores set bits after the last full byte
     * ("QUF" and "QUE" both give "AA"), so the result is re-encoded and compared.
     */
    private static byte[] b64(String s) throws ArchiveFormatException {
        if (!s.matches("[A-Za-z0-9+/]*")) throw new ArchiveFormatException("age header has non-canonical base64");
        byte[] out;
        try {
            out = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new ArchiveFormatException("age header has invalid base64", e);
        }
        if (!MessageDigest.isEqual(Base64.getEncoder().withoutPadding().encode(out), s.getBytes(StandardCharsets.US_ASCII))) {
            throw new ArchiveFormatException("age header has non-canonical base64 (bits set after the last byte)");
        }
        return out;
    }

    private static int indexOf(byte[] b, byte v, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == v) return i;
        return -1;
    }
}
