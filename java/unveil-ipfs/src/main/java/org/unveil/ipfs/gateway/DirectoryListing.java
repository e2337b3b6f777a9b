package org.unveil.ipfs.gateway;

import java.nio.charset.StandardCharsets;
import org.unveil.ipfs.UnixFsEntry;

/**
 * The HTML page for a directory without {@code index.html}: one row per entry with its name
 * (a relative link: the directory URL ends with '/'), cumulative size and CID. Names come from the
 * DAG, i.e. from whoever made it, so they are HTML-escaped and percent-encoded, never trusted.
 */
final class DirectoryListing {
    private DirectoryListing() {
    }

    static byte[] html(String ipfsPath, UnixFsEntry dir, boolean isRoot) {
        StringBuilder b = new StringBuilder(512 + dir.links().size() * 200);
        String title = escape(decodedForDisplay(ipfsPath));
        b.append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>").append(title)
                .append("</title></head>\n<body><h1>Index of ").append(title).append("</h1>\n<table>\n");
        if (!isRoot) b.append("<tr><td><a href=\"../\">..</a></td><td></td><td></td></tr>\n");
        for (UnixFsEntry.Link l : dir.links()) {
            b.append("<tr><td><a href=\"").append(escape(encodeSegment(l.name()))).append("\">").append(escape(l.name()))
                    .append("</a></td><td>").append(l.tsize()).append("</td><td><a href=\"/ipfs/").append(l.cid())
                    .append("\">").append(l.cid()).append("</a></td></tr>\n");
        }
        b.append("</table>\n<p>").append(dir.cid()).append("</p></body></html>\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 3986 percent-encoding of one path segment: unreserved characters stay, every other byte is %XX. */
    static String encodeSegment(String name) {
        StringBuilder b = new StringBuilder(name.length() + 8);
        for (byte x : name.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String decodedForDisplay(String rawPath) {
        try {
            return java.net.URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return rawPath;
        }
    }
}
