package org.unveil.archive.internal;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.unveil.archive.ArchiveFormatException;
import org.unveil.archive.Manifest;
import org.unveil.archive.ReleaseTerms;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Manifest JSON: the canonical tree (serialised with {@link Jcs}) and the strict parser. The parser
 * rejects unknown or missing fields, other versions, non-integer numbers and any input that is not
 * byte-for-byte the canonical form, so one manifest has exactly one byte string and one hash.
 */
public final class ManifestCodec {
    public static final int MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private ManifestCodec() {}

    public static byte[] canonicalBytes(Manifest m) {
        return Jcs.canonicalize(tree(m));
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    static Map<String, Object> tree(Manifest m) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("version", m.version());
        ReleaseTerms r = m.terms();
        Map<String, Object> terms = new LinkedHashMap<>();
        terms.put("chainId", r.chainId());
        terms.put("factory", r.factory());
        terms.put("release", r.release());
        terms.put("token", r.token());
        terms.put("goal", r.goal().toString());
        terms.put("artistFee", r.artistFee().toString());
        terms.put("enrolDeadline", r.enrolDeadline());
        terms.put("pledgeDeadline", r.pledgeDeadline());
        terms.put("revealWindow", r.revealWindow());
        terms.put("sampleCount", r.sampleCount());
        t.put("terms", terms);
        t.put("license", m.license());
        t.put("secret", Map.of("publicKey", m.secret().publicKey(), "address", m.secret().address()));
        List<Object> groups = new ArrayList<>();
        for (Manifest.Group g : m.groups()) {
            List<Object> shares = new ArrayList<>();
            for (Manifest.Share s : g.shares()) {
                shares.add(Map.of("identifier", s.identifier(), "keyholder", s.keyholder(), "address", s.address(), "ciphertext", s.ciphertext()));
            }
            groups.add(Map.of("threshold", g.threshold(), "commitments", g.commitments(), "shares", shares));
        }
        t.put("groups", groups);
        List<Object> files = new ArrayList<>();
        for (Manifest.FileEntry f : m.files()) {
            List<Object> frags = new ArrayList<>();
            for (Manifest.Fragment x : f.fragments()) {
                Map<String, Object> frag = new LinkedHashMap<>();
                frag.put("offset", x.offset());
                frag.put("size", x.size());
                frag.put("preview", x.preview());
                frag.put("storedSize", x.storedSize());
                frag.put("sha256", x.sha256());
                // A preview needs no key, so it has no key address (and is no leaf of the fragment tree).
                if (x.keyAddress() != null) frag.put("keyAddress", x.keyAddress());
                if (x.span() != null) {
                    frag.put("start", x.span().start());
                    frag.put("duration", x.span().duration());
                }
                frags.add(frag);
            }
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("path", f.path());
            file.put("mediaType", f.mediaType());
            file.put("size", f.size());
            file.put("sha256", f.sha256());
            file.put("fragments", frags);
            if (f.media() != null) file.put("media", Map.of("format", f.media().format(), "header", f.media().header()));
            files.add(file);
        }
        t.put("files", files);
        return t;
    }

    public static Manifest parse(byte[] json) throws ArchiveFormatException {
        if (json.length > MAX_MANIFEST_BYTES) throw new ArchiveFormatException("manifest is " + json.length + " bytes; the limit is " + MAX_MANIFEST_BYTES);
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new ArchiveFormatException("manifest is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) throw new ArchiveFormatException("manifest must be a JSON object");
        Node n = new Node(root, "manifest");
        // The version is checked before anything else so a future format gets a clear message.
        long version = n.integer("version", 0, Integer.MAX_VALUE);
        if (version == 1) {
            throw new ArchiveFormatException("manifest version 1 is no longer read: version 1 sealed every fragment to one age recipient,"
                    + " so no fragment can be sampled before pledging; this reader knows version " + Manifest.VERSION
                    + "; re-pack the files with this unveil");
        }
        if (version != Manifest.VERSION) {
            throw new ArchiveFormatException("manifest version " + version + " is not supported (this reader knows version " + Manifest.VERSION + "); upgrade unveil");
        }
        n.requireFields("version", "terms", "license", "secret", "groups", "files");
        Manifest m;
        try {
            m = new Manifest((int) version, terms(n.object("terms")), n.string("license", 65536), secret(n.object("secret")),
                    groups(n.array("groups", 64)), files(n.array("files", 999_999)));
        } catch (IllegalArgumentException e) {
            throw new ArchiveFormatException("manifest: " + e.getMessage(), e);
        }
        ManifestRules.validate(m);
        byte[] canonical = canonicalBytes(m);
        if (!Arrays.equals(canonical, json)) {
            throw new ArchiveFormatException("manifest is not in canonical form (RFC 8785 JCS, no whitespace, sorted keys); re-pack or canonicalise it");
        }
        return m;
    }

    private static ReleaseTerms terms(Node t) throws ArchiveFormatException {
        t.requireFields("chainId", "factory", "release", "token", "goal", "artistFee", "enrolDeadline", "pledgeDeadline", "revealWindow", "sampleCount");
        long max = Jcs.MAX_SAFE_INTEGER;
        return new ReleaseTerms(t.integer("chainId", 1, max), t.string("factory", 42), t.string("release", 42), t.string("token", 42),
                t.decimal("goal"), t.decimal("artistFee"), t.integer("enrolDeadline", 0, max), t.integer("pledgeDeadline", 0, max),
                t.integer("revealWindow", 1, max), (int) t.integer("sampleCount", org.unveil.archive.SampleRule.MIN_SAMPLES, org.unveil.archive.SampleRule.MAX_SAMPLES));
    }

    private static Manifest.Secret secret(Node s) throws ArchiveFormatException {
        s.requireFields("publicKey", "address");
        return new Manifest.Secret(s.string("publicKey", 66), s.string("address", 42));
    }

    private static List<Manifest.Group> groups(List<Node> nodes) throws ArchiveFormatException {
        List<Manifest.Group> out = new ArrayList<>();
        for (Node g : nodes) {
            g.requireFields("threshold", "commitments", "shares");
            List<String> commitments = new ArrayList<>();
            for (Node c : g.array("commitments", 255)) commitments.add(c.asString(66));
            List<Manifest.Share> shares = new ArrayList<>();
            for (Node s : g.array("shares", 255)) {
                s.requireFields("identifier", "keyholder", "address", "ciphertext");
                shares.add(new Manifest.Share((int) s.integer("identifier", 1, 255), s.string("keyholder", 66), s.string("address", 42),
                        s.string("ciphertext", 8192)));
            }
            out.add(new Manifest.Group((int) g.integer("threshold", 1, 255), commitments, shares));
        }
        return out;
    }

    private static List<Manifest.FileEntry> files(List<Node> nodes) throws ArchiveFormatException {
        List<Manifest.FileEntry> out = new ArrayList<>();
        for (Node f : nodes) {
            // media is present exactly on media-cut files, and then every fragment has start and duration.
            boolean mediaCut = f.json().has("media");
            if (mediaCut) f.requireFields("path", "mediaType", "size", "sha256", "fragments", "media");
            else f.requireFields("path", "mediaType", "size", "sha256", "fragments");
            List<Manifest.Fragment> frags = new ArrayList<>();
            for (Node x : f.array("fragments", 999_999)) frags.add(fragment(x, mediaCut));
            out.add(new Manifest.FileEntry(f.string("path", 4096), f.string("mediaType", 127), f.integer("size", 0, Jcs.MAX_SAFE_INTEGER),
                    f.string("sha256", 64), frags, mediaCut ? media(f.object("media")) : null));
        }
        return out;
    }

    private static Manifest.Fragment fragment(Node x, boolean mediaCut) throws ArchiveFormatException {
        boolean preview = x.bool("preview");
        // keyAddress is required exactly on encrypted fragments: a preview's would be an unknown field.
        List<String> fields = new ArrayList<>(List.of("offset", "size", "preview", "storedSize", "sha256"));
        if (!preview) fields.add("keyAddress");
        if (mediaCut) fields.addAll(List.of("start", "duration"));
        x.requireFields(fields.toArray(String[]::new));
        Manifest.MediaSpan span = mediaCut ? new Manifest.MediaSpan(x.integer("start", 0, Jcs.MAX_SAFE_INTEGER), x.integer("duration", 0, Jcs.MAX_SAFE_INTEGER)) : null;
        return new Manifest.Fragment(x.integer("offset", 0, Jcs.MAX_SAFE_INTEGER), x.integer("size", 0, Jcs.MAX_SAFE_INTEGER),
                preview, x.integer("storedSize", 0, Jcs.MAX_SAFE_INTEGER), x.string("sha256", 64), preview ? null : x.string("keyAddress", 42), span);
    }

    private static Manifest.Media media(Node m) throws ArchiveFormatException {
        m.requireFields("format", "header");
        return new Manifest.Media(m.string("format", 16), m.bool("header"));
    }

    /** A JSON node with its location, for typed accessors whose errors say where the problem is. */
    private record Node(JsonNode json, String where) {
        void requireFields(String... names) throws ArchiveFormatException {
            if (!json.isObject()) throw new ArchiveFormatException(where + " must be an object");
            Set<String> expected = Set.of(names);
            Set<String> unknown = new TreeSet<>(json.propertyNames());
            unknown.removeAll(expected);
            if (!unknown.isEmpty()) throw new ArchiveFormatException(where + " has unknown field(s) " + unknown + "; this reader accepts only version " + Manifest.VERSION + " fields");
            for (String name : names) {
                if (!json.has(name)) throw new ArchiveFormatException(where + " lacks the field '" + name + "'");
            }
        }

        JsonNode field(String name) throws ArchiveFormatException {
            JsonNode v = json.get(name);
            if (v == null) throw new ArchiveFormatException(where + " lacks the field '" + name + "'");
            return v;
        }

        Node object(String name) throws ArchiveFormatException {
            JsonNode v = field(name);
            if (!v.isObject()) throw new ArchiveFormatException(where + "." + name + " must be an object");
            return new Node(v, where + "." + name);
        }

        List<Node> array(String name, int max) throws ArchiveFormatException {
            JsonNode v = field(name);
            if (!v.isArray()) throw new ArchiveFormatException(where + "." + name + " must be an array");
            if (v.size() > max) throw new ArchiveFormatException(where + "." + name + " has " + v.size() + " elements; at most " + max + " allowed");
            List<Node> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) out.add(new Node(v.get(i), where + "." + name + "[" + i + "]"));
            return out;
        }

        String string(String name, int maxLength) throws ArchiveFormatException {
            return new Node(field(name), where + "." + name).asString(maxLength);
        }

        String asString(int maxLength) throws ArchiveFormatException {
            if (!json.isString()) throw new ArchiveFormatException(where + " must be a string");
            String s = json.stringValue();
            if (s.length() > maxLength) throw new ArchiveFormatException(where + " is " + s.length() + " characters; at most " + maxLength + " allowed");
            return s;
        }

        long integer(String name, long min, long max) throws ArchiveFormatException {
            JsonNode v = field(name);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) throw new ArchiveFormatException(where + "." + name + " must be an integer");
            long x = v.longValue();
            if (x < min || x > max) throw new ArchiveFormatException(where + "." + name + " is " + x + "; allowed range is " + min + ".." + max);
            return x;
        }

        boolean bool(String name) throws ArchiveFormatException {
            JsonNode v = field(name);
            if (!v.isBoolean()) throw new ArchiveFormatException(where + "." + name + " must be true or false");
            return v.booleanValue();
        }

        BigInteger decimal(String name) throws ArchiveFormatException {
            String s = string(name, 78);
            if (!s.matches("0|[1-9][0-9]*")) throw new ArchiveFormatException(where + "." + name + " '" + s + "' must be a decimal integer string without leading zeros");
            return new BigInteger(s);
        }
    }
}
