package org.unveil.keyholder.chain;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A loopback JSON-RPC proxy in front of a real node that misbehaves as public endpoints do: it drops
 * connections, answers late, rate-limits (HTTP 429, with or without Retry-After), fails (HTTP 502,
 * JSON-RPC -32603), sends garbage, caps eth_getLogs ranges with the errors real providers use, and
 * serves stale heads. Every choice comes from one seeded generator, drawn in the order requests
 * arrive, so a watcher polling from one thread meets the same faults on every run of a seed.
 *
 * <p>Faults are configured by probability per HTTP request; the range cap and the stale head apply
 * per JSON-RPC call, so batches are handled call by call.
 */
public final class RpcFaultProxy implements AutoCloseable {
    public enum Fault { DROP, DELAY, TOO_MANY_REQUESTS, SERVER_ERROR, INTERNAL_ERROR, GARBAGE, RANGE_CAPPED, STALE_HEAD }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] GARBAGE = {"", "<html><body>502 Bad Gateway</body></html>", "{\"jsonrpc\":\"2.0\",\"id\":", "null"};

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final URI node;
    private final SplittableRandom random;
    private final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
    private double drop, delay, tooMany, serverError, internalError, garbage, staleHead;
    private Duration maxDelay = Duration.ZERO;
    private boolean retryAfter;
    private long logRangeCap = Long.MAX_VALUE;
    private int staleBy;
    private int passNext;
    private int requests;

    private RpcFaultProxy(String nodeUrl, long seed) throws IOException {
        this.node = URI.create(nodeUrl);
        this.random = new SplittableRandom(seed);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    public static RpcFaultProxy start(String nodeUrl, long seed) throws IOException {
        return new RpcFaultProxy(nodeUrl, seed);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public synchronized RpcFaultProxy drop(double p) { drop = p; return this; }
    public synchronized RpcFaultProxy delay(double p, Duration max) { delay = p; maxDelay = max; return this; }
    public synchronized RpcFaultProxy tooManyRequests(double p, boolean withRetryAfter) { tooMany = p; retryAfter = withRetryAfter; return this; }
    public synchronized RpcFaultProxy serverError(double p) { serverError = p; return this; }
    public synchronized RpcFaultProxy internalError(double p) { internalError = p; return this; }
    public synchronized RpcFaultProxy garbage(double p) { garbage = p; return this; }

    /** eth_getLogs over more than {@code blocks} blocks is refused (0: every range, even one block). */
    public synchronized RpcFaultProxy capLogRange(long blocks) { logRangeCap = blocks; return this; }

    /** With probability {@code p}, eth_blockNumber answers {@code blocksBehind} blocks below the real head. */
    public synchronized RpcFaultProxy staleHead(double p, int blocksBehind) { staleHead = p; staleBy = blocksBehind; return this; }

    /** The next {@code n} requests pass untouched (faults start after them). */
    public synchronized RpcFaultProxy passNext(int n) { passNext = n; return this; }

    public synchronized RpcFaultProxy clear() {
        drop = delay = tooMany = serverError = internalError = garbage = staleHead = 0;
        logRangeCap = Long.MAX_VALUE;
        passNext = 0;
        return this;
    }

    public synchronized int injected(Fault f) {
        return injected.getOrDefault(f, 0);
    }

    public synchronized int requests() {
        return requests;
    }

    /** What to do with one HTTP request: decided under the lock, in arrival order, so a seed replays. */
    private record Plan(Fault transport, long delayMillis, boolean capped, int style, boolean stale) {}

    private synchronized Plan plan() {
        requests++;
        boolean untouched = passNext > 0;
        if (untouched) passNext--;
        double r = random.nextDouble();
        long delayMillis = maxDelay.isZero() ? 0 : random.nextLong(maxDelay.toMillis() + 1);
        int style = random.nextInt(4);
        boolean stale = random.nextDouble() < staleHead;
        if (untouched) return new Plan(null, 0, false, 0, false);
        Fault transport = null;
        double[] p = {drop, delay, tooMany, serverError, internalError, garbage};
        Fault[] kinds = {Fault.DROP, Fault.DELAY, Fault.TOO_MANY_REQUESTS, Fault.SERVER_ERROR, Fault.INTERNAL_ERROR, Fault.GARBAGE};
        double acc = 0;
        for (int i = 0; i < p.length && transport == null; i++) {
            acc += p[i];
            if (r < acc) transport = kinds[i];
        }
        if (transport != null) count(transport);
        return new Plan(transport, delayMillis, logRangeCap != Long.MAX_VALUE, style, stale);
    }

    private synchronized void count(Fault f) {
        injected.merge(f, 1, Integer::sum);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            Plan plan = plan();
            if (plan.transport() != null) {
                switch (plan.transport()) {
                    case DROP -> { return; } // closing without a status line: the client sees the connection end
                    case DELAY -> sleep(plan.delayMillis());
                    case TOO_MANY_REQUESTS -> {
                        if (retryAfter) ex.getResponseHeaders().add("Retry-After", "1");
                        respond(ex, 429, "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":429,\"message\":\"Too Many Requests: your app has exceeded its compute units per second capacity\"}}");
                        return;
                    }
                    case SERVER_ERROR -> { respond(ex, 502, "<html>502 Bad Gateway</html>"); return; }
                    case INTERNAL_ERROR -> { respond(ex, 200, error(idOf(body), -32603, "Internal error")); return; }
                    case GARBAGE -> { respond(ex, 200, GARBAGE[plan.style() % GARBAGE.length]); return; }
                    default -> throw new IllegalStateException("not a transport fault: " + plan.transport());
                }
            }
            JsonNode request = JSON.readTree(body);
            if (request.isArray()) {
                ArrayNode answers = JSON.createArrayNode();
                for (JsonNode call : request) answers.add(JSON.readTree(answer(call, plan, true).body()));
                respond(ex, 200, JSON.writeValueAsString(answers));
            } else {
                Answer a = answer(request, plan, false);
                respond(ex, a.status(), a.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // a broken exchange is a dropped connection to the client, which is a fault it must survive anyway
        }
    }

    private record Answer(int status, String body) {}

    private Answer answer(JsonNode call, Plan plan, boolean inBatch) throws IOException, InterruptedException {
        String method = call.path("method").asString("");
        JsonNode id = call.path("id");
        if (method.equals("eth_getLogs") && plan.capped()) {
            JsonNode f = call.path("params").path(0);
            long span = number(f.path("toBlock")) - number(f.path("fromBlock")) + 1;
            if (span > capOrZero()) {
                count(Fault.RANGE_CAPPED);
                return switch (plan.style()) {
                    case 0 -> new Answer(200, error(id, -32005, "query returned more than 10000 results"));
                    case 1 -> new Answer(200, error(id, -32000, "exceed maximum block range: " + capOrZero()));
                    case 2 -> inBatch ? new Answer(200, error(id, -32602, "block range is too large")) : new Answer(413, "Request Entity Too Large");
                    default -> new Answer(200, error(id, -32602, "Log response size exceeded. You can make eth_getLogs requests with up to a "
                            + capOrZero() + " block range"));
                };
            }
        }
        HttpResponse<String> resp = upstream.send(HttpRequest.newBuilder(node).header("content-type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(call))).build(), HttpResponse.BodyHandlers.ofString());
        if (method.equals("eth_blockNumber") && plan.stale() && resp.statusCode() == 200) {
            JsonNode answer = JSON.readTree(resp.body());
            if (answer.has("result")) {
                long head = Long.decode(answer.get("result").asString());
                ((ObjectNode) answer).put("result", "0x" + Long.toHexString(Math.max(0, head - staleBy())));
                count(Fault.STALE_HEAD);
                return new Answer(200, JSON.writeValueAsString(answer));
            }
        }
        return new Answer(resp.statusCode(), resp.body());
    }

    private synchronized long capOrZero() {
        return logRangeCap;
    }

    private synchronized int staleBy() {
        return staleBy;
    }

    private static long number(JsonNode tag) {
        String s = tag.asString("");
        return s.startsWith("0x") ? new BigInteger(s.substring(2), 16).longValueExact() : 0;
    }

    private static JsonNode idOf(byte[] body) {
        try {
            return JSON.readTree(body).path("id");
        } catch (RuntimeException e) {
            return JSON.nullNode();
        }
    }

    private static String error(JsonNode id, int code, String message) {
        ObjectNode o = JSON.createObjectNode().put("jsonrpc", "2.0");
        o.set("id", id.isMissingNode() ? JSON.nullNode() : id);
        o.putObject("error").put("code", code).put("message", message);
        return JSON.writeValueAsString(o);
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("content-type", "application/json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        upstream.close();
    }
}
