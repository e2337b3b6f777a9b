package org.unveil.keyholder.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.unveil.eth.hiring.HiringMessageException;
import org.unveil.eth.hiring.RefusalCode;

/** Writes the answers of section 8: JSON with its status, a typed refusal, or another media type; counts each in {@link Metrics}. */
final class Replies {
    static final String JSON = "application/json; charset=utf-8";

    private final Metrics metrics;

    Replies(Metrics metrics) {
        this.metrics = metrics;
    }

    void json(HttpExchange ex, Route route, int status, String body) throws IOException {
        send(ex, route, status, JSON, body);
    }

    void refuse(HttpExchange ex, Route route, HiringMessageException e) throws IOException {
        metrics.refused(route, e.code().wire());
        send(ex, route, e.code().httpStatus(), JSON, e.toJson());
    }

    void refuse(HttpExchange ex, Route route, RefusalCode code, String message) throws IOException {
        refuse(ex, route, new HiringMessageException(code, message));
    }

    void send(HttpExchange ex, Route route, int status, String contentType, String body) throws IOException {
        metrics.answered(route, status);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
