package org.unveil.eth.hiring;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The strict wire form of spec/keyholder-protocol.md section 3: exactly the listed fields, each of
 * its one type and one spelling, so that a message has one JSON form and one hash. Any deviation is
 * a {@link RefusalCode#MALFORMED} naming the field.
 */
final class WireJson {
    static final JsonMapper MAPPER = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** A signed message is a few hundred bytes; 8 KiB bounds what a receiver parses before it checks anything. */
    static final int MAX_BYTES = 8 * 1024;
    /** Integers travel as JSON numbers only up to 2^53 - 1, the largest every JSON reader (JavaScript's) keeps exact. */
    static final long MAX_SAFE = (1L << 53) - 1;
    private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
    private static final Pattern BYTES32 = Pattern.compile("0x[0-9a-f]{64}");
    private static final Pattern SIGNATURE = Pattern.compile("0x[0-9a-f]{130}");
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,77}");

    private final ObjectNode node;
    private final String what;

    private WireJson(ObjectNode node, String what) {
        this.node = node;
        this.what = what;
    }

    /** Parses {@code json} as an object of exactly {@code fields}. */
    static WireJson parse(byte[] json, String what, List<String> fields) throws HiringMessageException {
        if (json.length > MAX_BYTES) {
            throw new HiringMessageException(RefusalCode.TOO_LARGE, what + " is " + json.length + " bytes; at most " + MAX_BYTES + " are read");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw malformed(what + " is not strict JSON: " + e.getOriginalMessage());
        }
        return of(root, what, fields);
    }

    static WireJson of(JsonNode root, String what, List<String> fields) throws HiringMessageException {
        if (root == null || !root.isObject()) throw malformed(what + " must be a JSON object");
        Set<String> expected = new LinkedHashSet<>(fields);
        for (String name : root.propertyNames()) {
            if (!expected.contains(name)) throw malformed(what + " has unknown field \"" + name + "\"; its fields are " + expected);
        }
        for (String name : fields) {
            if (!root.has(name)) throw malformed(what + " lacks field \"" + name + "\"");
        }
        return new WireJson((ObjectNode) root, what);
    }

    WireJson object(String name, List<String> fields) throws HiringMessageException {
        return of(node.get(name), what + "." + name, fields);
    }

    String address(String name) throws HiringMessageException {
        return match(name, ADDRESS, "0x and 40 lowercase hex digits");
    }

    String bytes32(String name) throws HiringMessageException {
        return match(name, BYTES32, "0x and 64 lowercase hex digits");
    }

    String signature(String name) throws HiringMessageException {
        return match(name, SIGNATURE, "0x and 130 lowercase hex digits (r || s || v)");
    }

    BigInteger uint256(String name) throws HiringMessageException {
        String s = string(name, 78);
        if (!DECIMAL.matcher(s).matches()) throw malformed(field(name) + " must be a decimal string without sign or leading zeros, got \"" + s + "\"");
        BigInteger v = new BigInteger(s);
        if (v.compareTo(UINT256_LIMIT) >= 0) throw malformed(field(name) + " is above 2^256 - 1");
        return v;
    }

    long uint(String name, long max) throws HiringMessageException {
        JsonNode v = node.get(name);
        if (!v.isIntegralNumber()) throw malformed(field(name) + " must be an integer JSON number, got " + v);
        BigInteger b = v.bigIntegerValue();
        if (b.signum() < 0 || b.compareTo(BigInteger.valueOf(max)) > 0) throw malformed(field(name) + " must be in [0, " + max + "], got " + b);
        return b.longValue();
    }

    String string(String name, int maxChars) throws HiringMessageException {
        JsonNode v = node.get(name);
        if (!v.isString()) throw malformed(field(name) + " must be a JSON string");
        String s = v.asString();
        if (s.length() > maxChars) throw malformed(field(name) + " is longer than " + maxChars + " characters");
        return s;
    }

    List<String> addresses(String name, int max) throws HiringMessageException {
        JsonNode v = node.get(name);
        if (!v.isArray()) throw malformed(field(name) + " must be a JSON array");
        if (v.size() > max) throw malformed(field(name) + " lists more than " + max);
        List<String> out = new ArrayList<>();
        Iterator<JsonNode> it = v.iterator();
        for (int i = 0; it.hasNext(); i++) {
            JsonNode e = it.next();
            if (!e.isString() || !ADDRESS.matcher(e.asString()).matches()) {
                throw malformed(field(name) + "[" + i + "] must be 0x and 40 lowercase hex digits");
            }
            out.add(e.asString());
        }
        return out;
    }

    private String match(String name, Pattern p, String form) throws HiringMessageException {
        String s = string(name, 200);
        if (!p.matcher(s).matches()) throw malformed(field(name) + " must be " + form + ", got \"" + s + "\"");
        return s;
    }

    private String field(String name) {
        return what + "." + name;
    }

    static HiringMessageException malformed(String message) {
        return new HiringMessageException(RefusalCode.MALFORMED, message);
    }
}
