package org.unveil.keyholder.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.unveil.eth.hiring.HiringMessageException;
import org.unveil.eth.hiring.RefusalCode;
import org.unveil.eth.hiring.Signed;
import org.unveil.eth.hiring.Solicitation;
import org.unveil.ipfs.BlockSource;
import org.unveil.ipfs.gateway.TrustlessGateway;
import org.unveil.keyholder.hiring.ArchiveIntake;
import org.unveil.keyholder.hiring.SolicitationDesk;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Routes one exchange (spec/keyholder-protocol.md section 8): CORS, the header limit, the per-IP rate
 * limit, the method, then the endpoint. Every refusal is typed JSON with its section-8 status; a wrong
 * method is a {@code malformed} 405 naming the allowed ones; a body that does not arrive in time
 * gets no answer, its connection is cut. Log lines name requests and refusal codes, never a body.
 */
final class KeyholderHandler implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(KeyholderHandler.class.getName());
    /** Section 8: a request line or headers above 16 KiB are refused. */
    static final int MAX_HEAD_BYTES = 16 * 1024;
    /** Section 3: a JSON body is read up to 8 KiB. */
    static final int MAX_JSON_BYTES = 8 * 1024;
    /** The most gateways a commit may name for the bot to fetch the archive from. */
    static final int MAX_COMMIT_GATEWAYS = 4;
    private static final long MIB = 1 << 20;

    private final KeyholderServer.Options options;
    private final SolicitationDesk desk;
    private final ArchiveIntake archives;
    private final ReleaseDesk releases;
    private final HttpHandler gateway;
    private final ScheduledExecutorService timer;
    private final TokenBuckets perIp;
    private final TokenBuckets perArtist;
    private final Metrics metrics = new Metrics();
    private final Replies replies = new Replies(metrics);

    KeyholderHandler(KeyholderServer.Options options, SolicitationDesk desk, ArchiveIntake archives, ReleaseDesk releases,
            BlockSource gatewayBlocks, ScheduledExecutorService timer) {
        this.options = options;
        this.desk = desk;
        this.archives = archives;
        this.releases = releases;
        this.gateway = TrustlessGateway.handler(gatewayBlocks);
        this.timer = timer;
        this.perIp = new TokenBuckets(options.perIp(), System::nanoTime);
        this.perArtist = new TokenBuckets(options.perArtist(), System::nanoTime);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        Route route = Route.of(ex.getRequestURI().getRawPath());
        try {
            ex.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            handle(ex, route);
        } catch (HiringMessageException e) {
            replies.refuse(ex, route, e);
        } catch (DeadlineInputStream.TimedOutException e) {
            LOG.log(Level.INFO, "{0} {1}: {2}", ex.getRequestMethod(), route.label(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, ex.getRequestMethod() + " " + route.label() + " failed", e);
            if (ex.getResponseCode() == -1) {
                replies.refuse(ex, route, RefusalCode.INTERNAL, "the keyholder failed to answer (" + e.getClass().getSimpleName()
                        + "); nothing was accepted; try again later");
            }
        } finally {
            ex.close();
        }
    }

    private void handle(HttpExchange ex, Route route) throws HiringMessageException, IOException {
        if (headBytes(ex) > MAX_HEAD_BYTES) {
            throw new HiringMessageException(RefusalCode.TOO_LARGE, "the request line and headers are over " + MAX_HEAD_BYTES + " bytes; send less");
        }
        long wait = perIp.take(ex.getRemoteAddress().getAddress().getHostAddress());
        if (wait > 0) throw rateLimited(ex, wait, "this client");
        String method = ex.getRequestMethod();
        if (route == Route.GATEWAY) {
            gateway.handle(ex);
            metrics.answered(route, ex.getResponseCode());
            return;
        }
        if (route == Route.UNKNOWN) {
            throw new HiringMessageException(RefusalCode.NOT_FOUND, "no endpoint " + ex.getRequestURI().getRawPath()
                    + " here; the endpoints are /v1/info, /v1/solicit, /v1/archives/{cid}, /v1/commit, /v1/releases/{address}, /ipfs/{cid}, /healthz, /metrics");
        }
        if (method.equals("OPTIONS")) {
            preflight(ex, route);
            return;
        }
        if (!route.allows(method)) {
            ex.getResponseHeaders().set("Allow", route.allowHeader());
            metrics.refused(route, RefusalCode.MALFORMED.wire());
            replies.send(ex, route, 405, Replies.JSON, new HiringMessageException(RefusalCode.MALFORMED, "method " + method
                    + " is not allowed on " + route.label() + "; use " + route.allowHeader()).toJson());
            return;
        }
        switch (route) {
            case INFO -> replies.json(ex, route, 200, desk.info().toJson());
            case SOLICIT -> solicit(ex);
            case ARCHIVES -> archive(ex);
            case COMMIT -> {
                CommitRequest c = commitRequest(readJson(ex));
                replies.json(ex, route, 202, Answers.commit(releases.commit(c.release(), c.gateways())));
            }
            case RELEASES -> report(ex);
            case HEALTHZ -> {
                Health h = releases.health();
                replies.json(ex, route, h.degraded().isPresent() ? 503 : 200, Answers.health(h));
            }
            case METRICS -> {
                StringBuilder out = new StringBuilder();
                metrics.write(out);
                releases.writeMetrics(out);
                replies.send(ex, route, 200, "text/plain; version=0.0.4; charset=utf-8", out.toString());
            }
            case GATEWAY, UNKNOWN -> throw new AssertionError(route);
        }
    }

    /** Section 5 in order: the pure checks, the artist's rate limit, then state and chain. */
    private void solicit(HttpExchange ex) throws HiringMessageException, IOException {
        Signed<Solicitation> s = desk.screen(readJson(ex));
        long wait = perArtist.take(s.message().artist());
        if (wait > 0) throw rateLimited(ex, wait, "artist " + s.message().artist());
        replies.json(ex, Route.SOLICIT, 200, desk.accept(s).toJson());
    }

    private void archive(HttpExchange ex) throws HiringMessageException, IOException {
        String cid = lastSegment(ex);
        long declared = contentLength(ex);
        if (declared > options.maxCarBytes()) {
            throw new HiringMessageException(RefusalCode.TOO_LARGE, "the CAR is " + declared + " bytes; this keyholder takes at most "
                    + options.maxCarBytes() + " (GET /v1/info: policy.maxArchiveBytes)");
        }
        long bytes = declared >= 0 ? declared : options.maxCarBytes();
        long millis = Math.max(options.carTimeMin().toMillis(), options.carTimePerMiB().toMillis() * ((bytes + MIB - 1) / MIB));
        DeadlineInputStream body = new DeadlineInputStream(ex.getRequestBody(), millis, timer);
        ArchiveIntake.Stored stored;
        try {
            stored = archives.put(cid, query(ex, "release"), body);
        } catch (HiringMessageException refused) {
            drain(body, options.maxCarBytes());
            throw refused;
        } finally {
            body.disarm();
        }
        replies.json(ex, Route.ARCHIVES, stored.created() ? 201 : 200, Answers.stored(stored.cid(), stored.release(), stored.bytes()));
    }

    /**
     * Reads and drops what is left of a refused upload (within its limits), so the client, which
     * sends its whole body before it reads the answer, gets the typed refusal instead of a reset
     * connection.
     */
    private static void drain(java.io.InputStream body, long limit) {
        byte[] buf = new byte[64 * 1024];
        long left = limit;
        try {
            for (int n; left > 0 && (n = body.read(buf, 0, (int) Math.min(buf.length, left))) > 0; ) left -= n;
        } catch (IOException cut) {
            // the deadline or the client ended it: nothing more to answer over this connection
        }
    }

    private void report(HttpExchange ex) throws HiringMessageException, IOException {
        String release = address(lastSegment(ex), "the release in /v1/releases/{address}");
        Optional<ReleaseReport> r = releases.report(release);
        if (r.isEmpty()) {
            throw new HiringMessageException(RefusalCode.NOT_FOUND, "this keyholder holds no offer or slot of release " + release);
        }
        replies.json(ex, Route.RELEASES, 200, Answers.report(r.get()));
    }

    /** Reads a JSON body: refused unread if its declared length is over the limit, cut if it does not arrive in time. */
    private byte[] readJson(HttpExchange ex) throws HiringMessageException, IOException {
        if (contentLength(ex) > MAX_JSON_BYTES) throw jsonTooLarge();
        DeadlineInputStream in = new DeadlineInputStream(ex.getRequestBody(), options.jsonBodyTime().toMillis(), timer);
        byte[] body;
        try {
            body = in.readNBytes(MAX_JSON_BYTES + 1);
        } finally {
            in.disarm();
        }
        if (body.length > MAX_JSON_BYTES) throw jsonTooLarge();
        return body;
    }

    /** A commit: the release, and the gateways the artist names to fetch its archive from (none: it was uploaded). */
    private record CommitRequest(String release, List<java.net.URI> gateways) {}

    private static CommitRequest commitRequest(byte[] body) throws HiringMessageException {
        JsonNode root;
        try {
            root = Answers.JSON.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new HiringMessageException(RefusalCode.MALFORMED, "the commit is not JSON: " + e.getOriginalMessage());
        }
        String shape = "a commit is {\"release\": \"0x...\"} or {\"release\": \"0x...\", \"gateways\": [\"https://...\", ...]} (at most "
                + MAX_COMMIT_GATEWAYS + ")";
        if (root == null || !root.isObject() || !root.path("release").isString()) throw new HiringMessageException(RefusalCode.MALFORMED, shape);
        List<java.net.URI> gateways = new java.util.ArrayList<>();
        for (var field : root.properties()) {
            if (field.getKey().equals("release")) continue;
            if (!field.getKey().equals("gateways") || !field.getValue().isArray() || field.getValue().size() > MAX_COMMIT_GATEWAYS) {
                throw new HiringMessageException(RefusalCode.MALFORMED, shape);
            }
            for (JsonNode g : field.getValue()) {
                String text = g.isString() ? g.asString() : "";
                if (!(text.startsWith("http://") || text.startsWith("https://")) || text.length() > 512) {
                    throw new HiringMessageException(RefusalCode.MALFORMED, "gateway \"" + text + "\" is not an http(s) URL of at most 512 characters; " + shape);
                }
                try {
                    gateways.add(java.net.URI.create(text));
                } catch (IllegalArgumentException e) {
                    throw new HiringMessageException(RefusalCode.MALFORMED, "gateway \"" + text + "\" is not a URL: " + e.getMessage());
                }
            }
        }
        return new CommitRequest(address(root.get("release").asString(), "the commit's release"), List.copyOf(gateways));
    }

    private static String address(String a, String what) throws HiringMessageException {
        if (a == null || !a.matches("0x[0-9a-fA-F]{40}")) {
            throw new HiringMessageException(RefusalCode.MALFORMED, what + " must be 0x and 40 hex digits, got " + a);
        }
        return a.toLowerCase(Locale.ROOT);
    }

    private HiringMessageException rateLimited(HttpExchange ex, long seconds, String who) {
        ex.getResponseHeaders().set("Retry-After", Long.toString(seconds));
        return new HiringMessageException(RefusalCode.RATE_LIMITED, "too many requests from " + who + "; retry in " + seconds + " s");
    }

    private static HiringMessageException jsonTooLarge() {
        return new HiringMessageException(RefusalCode.TOO_LARGE, "the body is over " + MAX_JSON_BYTES + " bytes; a signed message is a few hundred");
    }

    private void preflight(HttpExchange ex, Route route) throws IOException {
        ex.getResponseHeaders().set("Access-Control-Allow-Methods", "GET, POST, PUT");
        ex.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type");
        ex.getResponseHeaders().set("Access-Control-Max-Age", "86400");
        metrics.answered(route, 204);
        ex.sendResponseHeaders(204, -1);
    }

    private static long contentLength(HttpExchange ex) throws HiringMessageException {
        String v = ex.getRequestHeaders().getFirst("Content-Length");
        if (v == null) return -1;
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new HiringMessageException(RefusalCode.MALFORMED, "Content-Length is not a number: " + v);
        }
    }

    private static String lastSegment(HttpExchange ex) {
        String path = ex.getRequestURI().getRawPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String query(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) return null;
        for (String pair : q.split("&")) {
            if (pair.startsWith(name + "=")) return pair.substring(name.length() + 1);
        }
        return null;
    }

    private static long headBytes(HttpExchange ex) {
        long n = ex.getRequestMethod().length() + ex.getRequestURI().toString().length() + 12;
        for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
            for (String v : h.getValue()) n += h.getKey().length() + v.length() + 4;
        }
        return n;
    }
}
