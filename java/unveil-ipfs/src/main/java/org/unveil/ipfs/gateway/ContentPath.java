package org.unveil.ipfs.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The path below the CID in {@code /ipfs/{cid}/a/b%20c/}, split into percent-decoded UTF-8
 * segments. Empty segments ({@code a//b}) are skipped; "." and ".." (browsers resolve them before
 * sending, so only a hand-made request has them) and segments decoding to '/' or NUL are refused,
 * so a path can only name links of the DAG it starts from. '+' stays '+': this is a path, not a form.
 */
record ContentPath(List<String> segments, boolean trailingSlash) {
    static final int MAX_SEGMENTS = 64;

    static ContentPath parse(String raw) {
        List<String> segments = new ArrayList<>();
        for (String s : raw.split("/")) {
            if (s.isEmpty()) continue;
            String name = decode(s);
            if (name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
                throw new GatewayRequestException(400, "path segment [" + GatewayRequest.abbreviate(s)
                        + "] is not a UnixFS name ('.', '..', '/' and NUL are not allowed)");
            }
            segments.add(name);
        }
        if (segments.size() > MAX_SEGMENTS) {
            throw new GatewayRequestException(400, "path has " + segments.size() + " segments, over " + MAX_SEGMENTS);
        }
        return new ContentPath(List.copyOf(segments), raw.endsWith("/"));
    }

    private static String decode(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw new GatewayRequestException(400, "malformed percent-encoding in path segment [" + GatewayRequest.abbreviate(s) + "]");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new GatewayRequestException(400, "path segment [" + GatewayRequest.abbreviate(s) + "] is not valid UTF-8 once decoded");
        }
    }

    /** The last segment, or null for the root. */
    String last() {
        return segments.isEmpty() ? null : segments.getLast();
    }
}
