package org.unveil.ipfs.gateway;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The response side of an exchange, with the headers every successful gateway response carries
 * (immutable caching, nosniff, the IPFS path, Vary: Accept) and correct HEAD handling: the JDK
 * server wants length -1 for HEAD, so Content-Length is then set by hand.
 */
final class GatewayExchange {
    private final HttpExchange ex;
    private String etag;
    private String ipfsPath;
    private String roots;

    GatewayExchange(HttpExchange ex, GatewayRequest req) {
        this.ex = ex;
        this.etag = req.etag();
        this.ipfsPath = "/ipfs/" + req.cid();
        this.roots = req.cid().toString();
    }

    /**
     * Names what a path request resolved to: its Etag, the content path asked for, and the CIDs
     * of the root and each path segment (the path gateway's {@code X-Ipfs-Roots}).
     */
    void resolved(String etag, String ipfsPath, String roots) {
        this.etag = etag;
        this.ipfsPath = ipfsPath;
        this.roots = roots;
    }

    /** A 301 to {@code location}, e.g. a directory URL with its trailing slash added. */
    void redirect(String location) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("Location", location);
        h.set("Cache-Control", "public, max-age=29030400, immutable");
        h.set("X-Ipfs-Path", ipfsPath);
        ex.sendResponseHeaders(301, -1);
    }

    boolean isHead() {
        return ex.getRequestMethod().equals("HEAD");
    }

    /** The request's path as sent (still percent-encoded). */
    String requestPath() {
        return ex.getRequestURI().getRawPath();
    }

    String requestHeader(String name) {
        return ex.getRequestHeaders().getFirst(name);
    }

    Headers headers() {
        return ex.getResponseHeaders();
    }

    /** True (and a 304 sent) when the client's If-None-Match already names this response. */
    boolean notModified() throws IOException {
        String inm = requestHeader("If-None-Match");
        if (inm == null) return false;
        for (String tag : inm.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) t = t.substring(2);
            if (t.equals(etag) || t.equals("*")) {
                common();
                ex.sendResponseHeaders(304, -1);
                return true;
            }
        }
        return false;
    }

    /**
     * Sends the status line and headers; returns the body stream (null for HEAD).
     *
     * @param length the exact body length, or -1 when streaming with unknown length (chunked)
     */
    OutputStream begin(int status, String contentType, long length) throws IOException {
        common();
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", contentType);
        if (isHead()) {
            if (length >= 0) h.set("Content-Length", Long.toString(length));
            ex.sendResponseHeaders(status, -1);
            return null;
        }
        ex.sendResponseHeaders(status, length >= 0 ? (length == 0 ? -1 : length) : 0);
        return ex.getResponseBody();
    }

    private void common() {
        Headers h = ex.getResponseHeaders();
        h.set("Etag", etag);
        h.set("Cache-Control", "public, max-age=29030400, immutable");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Ipfs-Path", ipfsPath);
        h.set("X-Ipfs-Roots", roots);
        h.set("Vary", "Accept");
    }
}
