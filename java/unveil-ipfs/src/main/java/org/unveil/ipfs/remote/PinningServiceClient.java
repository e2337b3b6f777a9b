package org.unveil.ipfs.remote;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.unveil.ipfs.Cid;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Client of the IPFS Pinning Service API (POST/GET {@code /pins}, GET/DELETE
 * {@code /pins/{requestid}}, Bearer token). The service fetches the content itself, from the
 * IPFS network or from the {@code origins} multiaddrs the caller offers (for example a trustless
 * gateway as {@code /ip4/203.0.113.7/tcp/8080/http}).
 *
 * <p>The token is kept only inside this object and never appears in messages.
 *
 * @see <a href="https://ipfs.github.io/pinning-services-api-spec/">Pinning Service API</a>
 */
public final class PinningServiceClient {
    private final URI endpoint;
    private final String authorization;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param endpoint the API base, e.g. {@code https://pins.example/psa} ({@code /pins} is appended)
     * @param token the access token, sent as {@code Authorization: Bearer}
     */
    public PinningServiceClient(URI endpoint, String token, Duration timeout, Clock clock) {
        Objects.requireNonNull(endpoint, "pinning service URL required");
        Objects.requireNonNull(token, "pinning service access token required");
        if (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("pinning service token must be non-empty printable ASCII without spaces"
                    + " (check the token file for a trailing newline or quotes)");
        }
        this.endpoint = URI.create(endpoint.toString().replaceAll("/+$", ""));
        this.authorization = "Bearer " + token;
        this.timeout = Objects.requireNonNull(timeout, "timeout required");
        this.clock = Objects.requireNonNull(clock, "clock required");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Asks the service to pin {@code cid}; returns the new request (usually queued). */
    public PinStatus add(Cid cid, String name, List<String> origins) throws IOException {
        ObjectNode body = JsonBodies.MAPPER.createObjectNode();
        body.put("cid", cid.toString());
        if (name != null && !name.isEmpty()) body.put("name", name);
        if (!origins.isEmpty()) {
            ArrayNode arr = body.putArray("origins");
            origins.forEach(arr::add);
        }
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.ofString(body.toString());
        return PinStatusJson.read(endpoint, send("POST", "/pins", publisher, 202));
    }

    /** The current state of one request. */
    public PinStatus get(String requestId) throws IOException {
        return PinStatusJson.read(endpoint, send("GET", "/pins/" + pathSegment(requestId), null, 200));
    }

    /** Requests for {@code cid} in any of {@code states} (the spec's default filter is pinned only). */
    public List<PinStatus> list(Cid cid, Set<PinStatus.State> states) throws IOException {
        Set<PinStatus.State> filter = states.isEmpty() ? EnumSet.allOf(PinStatus.State.class) : states;
        String query = "?cid=" + URLEncoder.encode(cid.toString(), StandardCharsets.UTF_8) + "&status="
                + filter.stream().map(PinStatus.State::wireName).collect(Collectors.joining(","));
        JsonNode results = send("GET", "/pins" + query, null, 200).path("results");
        List<PinStatus> out = new ArrayList<>();
        for (JsonNode r : results.values()) out.add(PinStatusJson.read(endpoint, r));
        return List.copyOf(out);
    }

    /** Removes a pin request; the service may garbage-collect the data afterwards. */
    public void delete(String requestId) throws IOException {
        send("DELETE", "/pins/" + pathSegment(requestId), null, 202);
    }

    /**
     * Polls until the request is pinned; fails on {@code failed} or when {@code limit} passes.
     * Polling backs off from 250 ms to 5 s, so a slow service is not hammered.
     */
    public PinStatus awaitPinned(String requestId, Duration limit) throws IOException {
        Instant deadline = clock.instant().plus(limit);
        long delayMs = 250;
        while (true) {
            PinStatus s = get(requestId);
            if (s.state() == PinStatus.State.PINNED) return s;
            if (s.state() == PinStatus.State.FAILED) {
                throw new RemoteServiceException(0, "pinning service reports request " + requestId + " for "
                        + s.cid() + " as failed; check that the origins can serve it");
            }
            if (!clock.instant().plusMillis(delayMs).isBefore(deadline)) {
                throw new RemoteServiceException(0, "pin request " + requestId + " for " + s.cid() + " still "
                        + s.state().wireName() + " after " + limit.toSeconds() + " s; poll again later");
            }
            sleep(delayMs);
            delayMs = Math.min(delayMs * 2, 5000);
        }
    }

    private static String pathSegment(String requestId) {
        if (requestId == null || requestId.isEmpty() || !requestId.chars().allMatch(c ->
                Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
            throw new IllegalArgumentException("invalid pin request id [" + requestId + "]");
        }
        return requestId;
    }

    private JsonNode send(String method, String path, HttpRequest.BodyPublisher body, int expected)
            throws IOException {
        URI uri = URI.create(endpoint + path);
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", authorization).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        if (body != null) req.header("Content-Type", "application/json");
        HttpResponse<String> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling pinning service " + uri, e);
        }
        if (resp.statusCode() != expected) throw failure(method, uri, resp);
        return resp.body().isEmpty() ? JsonBodies.MAPPER.createObjectNode() : JsonBodies.parse(uri, resp.body());
    }

    private static RemoteServiceException failure(String method, URI uri, HttpResponse<String> resp) {
        // The spec's Failure body: {"error":{"reason":"UPPER_CASE","details":"..."}}
        String reason = JsonBodies.quote(resp.body());
        try {
            JsonNode error = JsonBodies.parse(uri, resp.body()).path("error");
            if (error.has("reason")) {
                reason = error.path("reason").asString() + (error.has("details") ? ": " + error.path("details").asString() : "");
            }
        } catch (RemoteServiceException notJson) {
            // keep the raw (quoted) body
        }
        String advice = switch (resp.statusCode()) {
            case 401, 403 -> " (check the access token)";
            case 404 -> " (no such pin request)";
            case 429 -> " (rate limited; retry later)";
            default -> "";
        };
        return new RemoteServiceException(resp.statusCode(), method + " " + uri.getPath() + " answered HTTP "
                + resp.statusCode() + ": " + reason + advice);
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the pinning service", e);
        }
    }

}
