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
    private final GatewayRequest req;

    GatewayExchange(HttpExchange ex, GatewayRequest req) {
        this.ex = ex;
        this.req = req;
    }

    boolean isHead() {
        return ex.getRequestMethod().equals("HEAD");
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
            if (t.equals(req.etag()) || t.equals("*")) {
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
        h.set("Etag", req.etag());
        h.set("Cache-Control", "public, max-age=29030400, immutable");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Ipfs-Path", "/ipfs/" + req.cid());
        h.set("X-Ipfs-Roots", req.cid().toString());
        h.set("Vary", "Accept");
    }
}
