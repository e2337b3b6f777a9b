package org.unveil.ipfs.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.gateway.GatewayFetcher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Pinning Service API server on 127.0.0.1 following the OpenAPI spec (ipfs/pinning-services-api-spec):
 * Bearer auth (401), POST /pins (202, queued), GET /pins (filters cid and status, default pinned),
 * GET /pins/{requestid} (404 when unknown), DELETE (202), Failure bodies {"error":{"reason","details"}}.
 * A worker moves each request queued -> pinning -> pinned|failed by really fetching the DAG
 * from the origins it names as {@code /ip4/A/tcp/P/http} trustless gateways, verified, into a
 * store. No real pinning service is reachable from here.
 */
final class PinningServiceTestServer implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern HTTP_ORIGIN = Pattern.compile("^/ip4/([0-9.]+)/tcp/([0-9]+)/http$");
    private final HttpServer server;
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final FsBlockStore store;
    private final byte[] token;
    private final Map<String, ObjectNode> pins = new ConcurrentHashMap<>();
    /** While set, new requests stay queued: lets a test watch a client give up waiting. */
    volatile boolean holdQueue;

    PinningServiceTestServer(FsBlockStore store, String token) throws IOException {
        this.store = store;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/pins", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            byte[] given = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (!MessageDigest.isEqual(token, given)) {
                failure(ex, 401, "UNAUTHORIZED", "Access token is missing or invalid");
                return;
            }
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/pins") && method.equals("POST")) {
                add(ex);
            } else if (path.equals("/pins") && method.equals("GET")) {
                list(ex);
            } else if (path.startsWith("/pins/")) {
                ObjectNode pin = pins.get(path.substring(6));
                if (pin == null) {
                    failure(ex, 404, "NOT_FOUND", "The specified resource was not found");
                } else if (method.equals("GET")) {
                    reply(ex, 200, pin);
                } else if (method.equals("DELETE")) {
                    pins.remove(path.substring(6));
                    reply(ex, 202, null);
                } else {
                    failure(ex, 405, "METHOD_NOT_ALLOWED", method);
                }
            } else {
                failure(ex, 404, "NOT_FOUND", path);
            }
        } catch (RuntimeException e) {
            failure(ex, 400, "BAD_REQUEST", String.valueOf(e.getMessage()));
        }
        ex.close();
    }

    private void add(HttpExchange ex) throws IOException {
        JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
        Cid cid = Cid.parse(body.path("cid").asString());
        String id = UUID.randomUUID().toString();
        ObjectNode status = JSON.createObjectNode();
        status.put("requestid", id);
        status.put("status", "queued");
        status.put("created", Instant.now().toString());
        ObjectNode pin = status.putObject("pin");
        pin.put("cid", cid.toString());
        if (body.has("name")) pin.put("name", body.path("name").asString());
        ArrayNode origins = pin.putArray("origins");
        body.path("origins").values().forEach(o -> origins.add(o.asString()));
        status.putArray("delegates").add("/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWTestPinningServiceDelegate");
        pins.put(id, status);
        reply(ex, 202, status);
        if (!holdQueue) worker.submit(() -> pinFromOrigins(status, cid));
    }

    private void pinFromOrigins(ObjectNode status, Cid cid) {
        status.put("status", "pinning");
        List<URI> gateways = new ArrayList<>();
        for (JsonNode o : status.path("pin").path("origins").values()) {
            Matcher m = HTTP_ORIGIN.matcher(o.asString());
            if (m.matches()) gateways.add(URI.create("http://" + m.group(1) + ":" + m.group(2)));
        }
        try {
            if (gateways.isEmpty()) throw new IOException("no HTTP origin to fetch from (offline test service)");
            new GatewayFetcher(gateways, Duration.ofSeconds(5)).fetchDag(cid, store);
            store.pin(cid);
            status.put("status", "pinned");
        } catch (IOException e) {
            status.put("status", "failed");
            status.putObject("info").put("status_details", String.valueOf(e.getMessage()));
        }
    }

    private void list(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
        String cid = null;
        List<String> statuses = List.of("pinned"); // the spec's default filter
        for (String kv : query.split("&")) {
            String[] p = kv.split("=", 2);
            if (p.length != 2) continue;
            String v = URLDecoder.decode(p[1], StandardCharsets.UTF_8);
            if (p[0].equals("cid")) cid = v;
            if (p[0].equals("status")) statuses = Arrays.asList(v.split(","));
        }
        ObjectNode res = JSON.createObjectNode();
        ArrayNode results = res.putArray("results");
        for (ObjectNode pin : pins.values()) {
            if ((cid == null || cid.equals(pin.path("pin").path("cid").asString()))
                    && statuses.contains(pin.path("status").asString())) {
                results.add(pin);
            }
        }
        res.put("count", results.size());
        reply(ex, 200, res);
    }

    private static void failure(HttpExchange ex, int status, String reason, String details) throws IOException {
        ObjectNode err = JSON.createObjectNode();
        ObjectNode e = err.putObject("error");
        e.put("reason", reason);
        e.put("details", details);
        reply(ex, status, err);
    }

    private static void reply(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] b = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(b);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        worker.shutdownNow();
    }
}
