package org.unveil.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.unveil.archive.internal.AgeDecryptingChannel;
import org.unveil.archive.keys.ReleaseSecret;

/**
 * Unveil's two age readers (the sequential {@link AgeDecryptingChannel} behind unpack, and the
 * random-access {@link AgeChunkReader}) against the C2SP CCTV age testkit, vendored in
 * src/test/resources/cctv-age. Every vector runs unless it needs a feature Unveil's reader does
 * not have; those are named below with the reason, and the list is checked against the vectors'
 * own headers, so a new vector cannot be skipped silently.
 */
class CctvAgeTestkitTest {
    /** Armor: Unveil stores and reads binary age files only (spec/archive-format.md, section 6). */
    private static final Set<String> ARMORED = Set.of(
            "armor_crlf", "armor_empty", "armor_empty_last_line", "armor_empty_line_begin", "armor_empty_line_end",
            "armor_eol_between_padding", "armor_full_last_line", "armor_garbage_encoded", "armor_garbage_leading",
            "armor_garbage_trailing", "armor_header_crlf", "armor_headers", "armor_hybrid",
            "armor_invalid_character_header", "armor_invalid_character_payload", "armor_long_line",
            "armor_lowercase", "armor_no_end_line", "armor_no_eol", "armor_no_match", "armor_no_padding",
            "armor_not_canonical", "armor_pgp_checksum", "armor_scrypt", "armor_short_line",
            "armor_whitespace_begin", "armor_whitespace_end", "armor_whitespace_eol", "armor_whitespace_last_line",
            "armor_whitespace_line_start", "armor_whitespace_outside", "armor_wrong_type", "armor_x25519");

    /** Passphrases: Unveil seals to an X25519 recipient only; scrypt stanzas are never opened. */
    private static final Set<String> SCRYPT = Set.of(
            "scrypt", "scrypt_bad_tag", "scrypt_double", "scrypt_extra_argument", "scrypt_long_file_key",
            "scrypt_no_match", "scrypt_not_canonical_body", "scrypt_not_canonical_salt", "scrypt_salt_long",
            "scrypt_salt_missing", "scrypt_salt_short", "scrypt_uppercase", "scrypt_work_factor_23",
            "scrypt_work_factor_hex", "scrypt_work_factor_leading_garbage", "scrypt_work_factor_leading_plus",
            "scrypt_work_factor_leading_zero_decimal", "scrypt_work_factor_leading_zero_octal",
            "scrypt_work_factor_missing", "scrypt_work_factor_negative", "scrypt_work_factor_overflow",
            "scrypt_work_factor_trailing_garbage", "scrypt_work_factor_wrong", "scrypt_work_factor_zero");

    /** Post-quantum hybrid (mlkem768x25519) identities: Unveil's identity is X25519 only. */
    private static final Set<String> HYBRID = Set.of(
            "hybrid", "hybrid_and_x25519", "hybrid_bad_tag", "hybrid_currupted_enc_mlkem",
            "hybrid_currupted_enc_x25519", "hybrid_extra_argument", "hybrid_grease", "hybrid_identity",
            "hybrid_long_file_key", "hybrid_long_share", "hybrid_low_order", "hybrid_multiple_recipients",
            "hybrid_no_match", "hybrid_not_canonical_body", "hybrid_not_canonical_enc", "hybrid_short_share",
            "hybrid_uppercase");

    private static final String X25519_IDENTITY = "AGE-SECRET-KEY-1";

    /** One testkit file: its header lines (a key may repeat) and the age file after the empty line. */
    record Vector(String name, Map<String, List<String>> header, byte[] age) {
        String expect() {
            return header.get("expect").get(0);
        }

        List<String> all(String key) {
            return header.getOrDefault(key, List.of());
        }

        /** Why the vector does not apply to Unveil's reader, or null if it does. */
        String notApplicable() {
            if (all("armored").contains("yes")) return "armored";
            boolean x25519 = all("identity").stream().anyMatch(i -> i.startsWith(X25519_IDENTITY));
            if (x25519 || (all("identity").isEmpty() && all("passphrase").isEmpty())) return null;
            return all("identity").isEmpty() ? "scrypt passphrase only" : "hybrid identity only";
        }

        /**
         * The X25519 identity to decrypt with. Vectors that also name a passphrase or a hybrid
         * identity (scrypt_and_x25519, hybrid_x25519_arg) are header failures whatever the
         * identity; one that names none (empty) gets a fresh one.
         */
        AgeIdentity identity() {
            return all("identity").stream().filter(i -> i.startsWith(X25519_IDENTITY)).findFirst()
                    .map(AgeIdentity::parse)
                    .orElseGet(() -> FragmentKeys.derive(ReleaseSecret.generate(Fixtures.seeded(1)), 0).ageIdentity());
        }

        String payload() {
            return header.get("payload").get(0);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Vector> vectors() throws Exception {
        Path dir = Path.of(CctvAgeTestkitTest.class.getResource("/cctv-age/testdata").toURI());
        List<Vector> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) out.add(read(p));
        }
        return out;
    }

    static Stream<Vector> applicable() throws Exception {
        return vectors().stream().filter(v -> v.notApplicable() == null);
    }

    private static Vector read(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        Map<String, List<String>> header = new LinkedHashMap<>();
        int pos = 0;
        while (b[pos] != '\n') {
            int nl = pos;
            while (b[nl] != '\n') nl++;
            String line = new String(b, pos, nl - pos, StandardCharsets.UTF_8);
            int colon = line.indexOf(": ");
            header.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>()).add(line.substring(colon + 2));
            pos = nl + 1;
        }
        byte[] age = Arrays.copyOfRange(b, pos + 1, b.length);
        if (header.getOrDefault("compressed", List.of()).contains("zlib")) {
            age = new InflaterInputStream(new ByteArrayInputStream(age)).readAllBytes();
        }
        return new Vector(p.getFileName().toString(), header, age);
    }

    @Test
    void theVectorsThatDoNotApplyAreExactlyTheListedOnes() throws Exception {
        Map<String, Set<String>> byReason = new TreeMap<>();
        for (Vector v : vectors()) {
            if (v.notApplicable() != null) byReason.computeIfAbsent(v.notApplicable(), k -> new TreeSet<>()).add(v.name());
        }
        assertEquals(Map.of("armored", new TreeSet<>(ARMORED), "scrypt passphrase only", new TreeSet<>(SCRYPT),
                "hybrid identity only", new TreeSet<>(HYBRID)), byReason);
        assertEquals(143, vectors().size());
        assertEquals(143 - ARMORED.size() - SCRYPT.size() - HYBRID.size(), applicable().count());
    }

    /** What a reader did with a vector: whether the header opened, what it threw, what it released. */
    record Outcome(boolean opened, Exception failure, byte[] released) {}

    /** The reader unpack uses: every chunk that authenticated is released before a failure. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("applicable")
    void sequentialReaderAgreesWithTheTestkit(Vector v) throws Exception {
        Outcome o = sequential(v);
        check(v, o, GeneralSecurityException.class);
        if (v.expect().equals("payload failure")) assertPayload(v, o.released());
    }

    /**
     * The random-access reader, read chunk after chunk as a player would. It cannot release a
     * chunk and then fail, so where age releases a full chunk that opens only under the wrong
     * final flag (then reports truncation or extra data), it refuses that chunk instead: what it
     * releases is what the sequential reader releases, minus at most that one chunk.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("applicable")
    void randomAccessReaderAgreesWithTheTestkit(Vector v) throws Exception {
        ByteArrayOutputStream released = new ByteArrayOutputStream();
        Exception failure = null;
        AgeChunkReader r = null;
        try (SeekableByteChannel ch = new InMemoryChannel(v.age())) {
            r = AgeChunkReader.open(ch, 0, v.age().length, v.identity());
            for (long i = 0; i < r.chunkCount(); i++) released.write(r.readChunk(i));
        } catch (IOException e) {
            failure = e;
        } finally {
            if (r != null) r.close();
        }
        Outcome o = new Outcome(r != null, failure, released.toByteArray());
        check(v, o, IntegrityException.class);
        if (v.expect().equals("payload failure")) {
            byte[] all = sequential(v).released();
            assertArrayEquals(Arrays.copyOf(all, o.released().length), o.released(), "released bytes are a prefix of the sequential reader's");
            if (all.length - o.released().length > 65_536) fail("released " + o.released().length + " of " + all.length + " bytes: more than one chunk short");
        }
    }

    private static Outcome sequential(Vector v) throws IOException {
        ByteArrayOutputStream released = new ByteArrayOutputStream();
        Exception failure = null;
        AgeDecryptingChannel ch = null;
        try {
            ch = AgeDecryptingChannel.open(new ByteArrayInputStream(v.age()), v.identity());
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf.clear()) >= 0) released.write(buf.array(), 0, buf.position());
        } catch (IOException | GeneralSecurityException e) {
            failure = e;
        } finally {
            if (ch != null) ch.close();
        }
        return new Outcome(ch != null, failure, released.toByteArray());
    }

    /**
     * Maps the testkit's outcomes onto Unveil's typed errors: a header that does not parse is an
     * ArchiveFormatException; a bad header MAC or payload is an IntegrityException; no stanza
     * opening with the identity is {@code noMatch}. A success must hash to {@code payload}.
     */
    private static void check(Vector v, Outcome o, Class<? extends Exception> noMatch) throws Exception {
        switch (v.expect()) {
            case "success" -> {
                if (o.failure() != null) fail("expected success, got " + o.failure(), o.failure());
                assertPayload(v, o.released());
            }
            case "header failure" -> assertFailedToOpen(ArchiveFormatException.class, o);
            case "HMAC failure" -> {
                assertFailedToOpen(IntegrityException.class, o);
                assertTrue(o.failure().getMessage().contains("MAC"), o.failure().getMessage());
            }
            case "no match" -> assertFailedToOpen(noMatch, o);
            case "payload failure" -> {
                if (!o.opened()) fail("expected the header to open and the payload to fail, got " + o.failure(), o.failure());
                assertInstanceOf(IntegrityException.class, o.failure(), "expected a payload failure");
            }
            default -> fail("unknown expectation '" + v.expect() + "'");
        }
    }

    private static void assertFailedToOpen(Class<? extends Exception> type, Outcome o) {
        if (o.opened()) fail("expected the header to be refused with " + type.getSimpleName() + ", but it opened" + (o.failure() == null ? "" : " (then " + o.failure() + ")"));
        if (!type.isInstance(o.failure())) fail("expected " + type.getSimpleName() + ", got " + o.failure(), o.failure());
    }

    private static void assertPayload(Vector v, byte[] released) throws Exception {
        assertEquals(v.payload(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(released)),
                "SHA-256 of the " + released.length + " released plaintext bytes");
    }

    /** A read-only SeekableByteChannel over a byte array. */
    private static final class InMemoryChannel implements SeekableByteChannel {
        private final byte[] data;
        private long position;

        InMemoryChannel(byte[] data) {
            this.data = data;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (position >= data.length) return -1;
            int n = (int) Math.min(dst.remaining(), data.length - position);
            dst.put(data, (int) position, n);
            position += n;
            return n;
        }

        @Override public int write(ByteBuffer src) { throw new java.nio.channels.NonWritableChannelException(); }
        @Override public long position() { return position; }
        @Override public SeekableByteChannel position(long p) { position = p; return this; }
        @Override public long size() { return data.length; }
        @Override public SeekableByteChannel truncate(long size) { throw new java.nio.channels.NonWritableChannelException(); }
        @Override public boolean isOpen() { return true; }
        @Override public void close() {}
    }
}
