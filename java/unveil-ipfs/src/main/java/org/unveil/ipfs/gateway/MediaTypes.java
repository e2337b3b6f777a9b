package org.unveil.ipfs.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Content-Type of a file served by path, from its name's extension. Every response also says
 * {@code X-Content-Type-Options: nosniff}, so the type must be right: browsers refuse an ES module
 * that is not {@code text/javascript} and a stylesheet that is not {@code text/css}. An unknown
 * extension gets a minimal sniff of the first bytes: UTF-8 text without control characters is
 * {@code text/plain}, anything else {@code application/octet-stream} (never HTML, so no stored
 * file becomes a page by accident).
 */
final class MediaTypes {
    static final String OCTET_STREAM = "application/octet-stream";
    static final String TEXT = "text/plain; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";
    static final int SNIFF_BYTES = 512;

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("html", HTML), Map.entry("htm", HTML),
            Map.entry("js", "text/javascript; charset=utf-8"), Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"), Map.entry("map", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("css", "text/css; charset=utf-8"), Map.entry("txt", TEXT), Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("xml", "application/xml"), Map.entry("pdf", "application/pdf"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("avif", "image/avif"), Map.entry("ico", "image/x-icon"),
            Map.entry("wasm", "application/wasm"),
            Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"), Map.entry("otf", "font/otf"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("flac", "audio/flac"), Map.entry("ogg", "audio/ogg"),
            Map.entry("oga", "audio/ogg"), Map.entry("opus", "audio/ogg"), Map.entry("wav", "audio/wav"),
            Map.entry("m4a", "audio/mp4"), Map.entry("aac", "audio/aac"),
            Map.entry("mp4", "video/mp4"), Map.entry("m4v", "video/mp4"), Map.entry("webm", "video/webm"),
            Map.entry("ogv", "video/ogg"), Map.entry("ts", "video/mp2t"), Map.entry("m3u8", "application/vnd.apple.mpegurl"),
            Map.entry("car", "application/vnd.ipld.car"), Map.entry("age", OCTET_STREAM));

    private MediaTypes() {
    }

    /** The type for {@code name}'s extension, or null when the extension is unknown (or absent). */
    static String byName(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) return null;
        return BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** {@code text/plain} for UTF-8 text without control characters (a cut-off last character is fine). */
    static String sniff(byte[] head, boolean wholeFile) {
        if (head.length == 0) return TEXT;
        for (byte b : head) {
            if ((b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') || b == 0x7f) return OCTET_STREAM;
        }
        int end = head.length;
        if (!wholeFile) {
            // Drop a multi-byte sequence the sniff window cut in two.
            int i = end - 1;
            while (i > 0 && end - i < 4 && (head[i] & 0xC0) == 0x80) i--;
            if ((head[i] & 0x80) != 0) end = i;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(head, 0, end));
            return TEXT;
        } catch (CharacterCodingException e) {
            return OCTET_STREAM;
        }
    }
}
