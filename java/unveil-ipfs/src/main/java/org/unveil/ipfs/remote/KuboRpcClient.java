package org.unveil.ipfs.remote;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.unveil.ipfs.Cid;
import tools.jackson.databind.JsonNode;

/**
 * Client of the kubo RPC API ({@code /api/v0}), for users who already run a kubo node: uploads
 * a CAR with {@code dag/import}, pins with {@code pin/add}, checks health with {@code id}.
 * Every kubo RPC call is a POST; errors come back as {@code {"Message":..,"Code":..,"Type":"error"}}.
 *
 * @see <a href="https://docs.ipfs.tech/reference/kubo/rpc/">kubo RPC reference</a>
 */
public final class KuboRpcClient {
    private final URI api;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param api base URL of the RPC endpoint, e.g. {@code http://127.0.0.1:5001} (the {@code /api/v0}
     *            prefix is added here)
     * @param timeout limit for each call; a CAR upload gets this much time per call too
     */
    public KuboRpcClient(URI api, Duration timeout) {
        Objects.requireNonNull(api, "kubo RPC URL required");
        if (!"http".equals(api.getScheme()) && !"https".equals(api.getScheme())) {
            throw new IllegalArgumentException("kubo RPC URL must be http(s), got [" + api + "]");
        }
        String base = api.toString().replaceAll("/+$", "");
        this.api = URI.create(base.endsWith("/api/v0") ? base : base + "/api/v0");
        this.timeout = Objects.requireNonNull(timeout, "timeout required");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Asks the node who it is; a cheap health check before a long upload. */
    public KuboNodeId id() throws IOException {
        JsonNode n = call("id", "", HttpRequest.BodyPublishers.noBody(), null);
        List<String> addresses = new ArrayList<>();
        for (JsonNode a : n.path("Addresses").values()) addresses.add(a.asString());
        return new KuboNodeId(JsonBodies.requiredText(api, n, "ID"), n.path("AgentVersion").asString(""),
                List.copyOf(addresses));
    }

    /**
     * Uploads a CAR file (streamed from disk, never held in memory) and returns the roots kubo
     * imported. With {@code pinRoots} kubo pins them recursively and reports any pin error,
     * which is raised here.
     */
    public List<Cid> importCar(Path car, boolean pinRoots) throws IOException {
        MultipartFile body = new MultipartFile("file", car.getFileName().toString(), car);
        JsonNode last = null;
        List<Cid> roots = new ArrayList<>();
        String text = send("dag/import", "pin-roots=" + pinRoots, body.publisher(), body.contentType());
        // The answer is NDJSON: one {"Root":{"Cid":{"/":..},"PinErrorMsg":..}} object per root.
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            last = JsonBodies.parse(api, line);
            JsonNode root = last.path("Root");
            if (root.isMissingNode()) continue;
            String cid = root.path("Cid").path("/").asString("");
            String pinError = root.path("PinErrorMsg").asString("");
            if (!pinError.isEmpty()) {
                throw new RemoteServiceException(0, "kubo imported " + cid + " but could not pin it: " + pinError);
            }
            roots.add(parseCid(cid));
        }
        if (roots.isEmpty()) {
            throw new RemoteServiceException(0, "kubo dag/import of " + car + " reported no roots: "
                    + JsonBodies.quote(text));
        }
        return List.copyOf(roots);
    }

    /** Pins a DAG recursively; kubo fetches any blocks it lacks from its peers. */
    public void pinAdd(Cid cid) throws IOException {
        JsonNode n = call("pin/add", "arg=" + URLEncoder.encode(cid.toString(), StandardCharsets.UTF_8),
                HttpRequest.BodyPublishers.noBody(), null);
        for (JsonNode p : n.path("Pins").values()) {
            if (p.asString().equals(cid.toString())) return;
        }
        throw new RemoteServiceException(0, "kubo pin/add did not confirm " + cid + ": " + JsonBodies.quote(n.toString()));
    }

    private Cid parseCid(String text) throws RemoteServiceException {
        try {
            return Cid.parse(text);
        } catch (IllegalArgumentException e) {
            throw new RemoteServiceException(0, "kubo returned an invalid CID [" + text + "]: " + e.getMessage());
        }
    }

    private JsonNode call(String command, String query, HttpRequest.BodyPublisher body, String contentType)
            throws IOException {
        return JsonBodies.parse(api, send(command, query, body, contentType));
    }

    private String send(String command, String query, HttpRequest.BodyPublisher body, String contentType)
            throws IOException {
        URI uri = URI.create(api + "/" + command + (query.isEmpty() ? "" : "?" + query));
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout).POST(body);
        if (contentType != null) req.header("Content-Type", contentType);
        HttpResponse<String> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling kubo " + uri, e);
        }
        if (resp.statusCode() != 200) {
            String message = resp.body();
            try {
                message = JsonBodies.parse(uri, resp.body()).path("Message").asString(resp.body());
            } catch (RemoteServiceException notJson) {
                // keep the raw body: kubo behind a proxy may answer with HTML
            }
            throw new RemoteServiceException(resp.statusCode(), "kubo " + command + " failed with HTTP "
                    + resp.statusCode() + ": " + JsonBodies.quote(message));
        }
        return resp.body();
    }
}
