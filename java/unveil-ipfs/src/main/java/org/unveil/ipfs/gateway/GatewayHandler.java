package org.unveil.ipfs.gateway;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.unveil.ipfs.BlockNotFoundException;
import org.unveil.ipfs.BlockSource;
import org.unveil.ipfs.InvalidBlockException;

/**
 * Routes one HTTP exchange: CORS preflight, method check, request parsing, then the responder
 * for the negotiated format. Failures found before the status line is sent become a 4xx/5xx
 * with a plain-text reason; failures while streaming abort the connection, so a client never
 * mistakes a cut-off body for a complete one.
 */
final class GatewayHandler implements HttpHandler {
    private static final Logger LOG = Logger.getLogger(GatewayHandler.class.getName());
    static final String EXPOSED_HEADERS = "Content-Length, Content-Range, Content-Type, Content-Disposition, Etag, "
            + "X-Ipfs-Path, X-Ipfs-Roots, X-Content-Type-Options, Accept-Ranges, Location";

    private final BlockSource blocks;

    GatewayHandler(BlockSource blocks) {
        this.blocks = blocks;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        Headers out = ex.getResponseHeaders();
        out.set("Access-Control-Allow-Origin", "*");
        out.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        String method = ex.getRequestMethod();
        try {
            if (method.equals("OPTIONS")) {
                preflight(ex);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                out.set("Allow", "GET, HEAD, OPTIONS");
                throw new GatewayRequestException(405, "method " + method + " not allowed; use GET or HEAD");
            }
            GatewayRequest req = GatewayRequest.parse(ex.getRequestURI(), ex.getRequestHeaders().getFirst("Accept"));
            Responder responder = switch (req.format()) {
                case RAW -> new RawResponder(blocks);
                case CAR -> new CarResponder(blocks);
                case FILE -> new PathResponder(blocks);
            };
            responder.respond(req, new GatewayExchange(ex, req));
        } catch (GatewayRequestException e) {
            sendError(ex, e.status(), e.getMessage());
        } catch (BlockNotFoundException e) {
            sendError(ex, 404, e.getMessage());
        } catch (InvalidBlockException e) {
            // A stored block that fails its own CID is a fault of this server, not of the request.
            LOG.log(Level.WARNING, "corrupt block while serving " + ex.getRequestURI(), e);
            sendError(ex, 500, "stored data is corrupt: " + e.getMessage());
        }
        // Reached only when the response is complete: a failure mid-stream propagates instead,
        // and the JDK server then drops the connection without ending the chunked body.
        ex.close();
    }

    private static void preflight(HttpExchange ex) throws IOException {
        Headers out = ex.getResponseHeaders();
        out.set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
        out.set("Access-Control-Allow-Headers", "Accept, Range, Content-Type, Cache-Control, User-Agent, X-Requested-With");
        out.set("Access-Control-Max-Age", "86400");
        ex.sendResponseHeaders(204, -1);
    }

    /** Sends a plain-text error, unless a status line already went out (then the connection is cut). */
    static void sendError(HttpExchange ex, int status, String message) throws IOException {
        if (ex.getResponseCode() != -1) {
            throw new IOException("aborting response to " + ex.getRequestURI() + " mid-stream: " + message);
        }
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().remove("Content-Length");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }
}
