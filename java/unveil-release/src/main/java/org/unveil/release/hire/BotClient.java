package org.unveil.release.hire;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import org.unveil.eth.hiring.HiringDomain;
import org.unveil.eth.hiring.HiringMessageException;
import org.unveil.eth.hiring.KeyholderInfo;
import org.unveil.eth.hiring.Offer;
import org.unveil.eth.hiring.RefusalCode;
import org.unveil.eth.hiring.Signed;
import org.unveil.eth.hiring.Solicitation;
import org.unveil.ipfs.BlockSource;
import org.unveil.ipfs.CarWriter;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.DagScope;
import org.unveil.ipfs.DagWalker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The artist's side of one keyholder bot's endpoints (spec/keyholder-protocol.md section 8): its
 * signed terms, a solicitation answered by a signed offer, the archive uploaded as a CAR, the commit.
 * Every signed answer is verified here before it is returned; a refusal is a {@link BotException}
 * with the bot's code and message.
 */
public final class BotClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ANSWER = 64 * 1024;
    private final URI endpoint;
    private final HttpClient http;
    private final Duration timeout;

    public BotClient(URI endpoint, HttpClient http, Duration timeout) {
        String e = endpoint.toString();
        this.endpoint = URI.create(e.endsWith("/") ? e : e + "/");
        this.http = http;
        this.timeout = timeout;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** {@code GET /v1/info}, verified for {@code domain} at {@code nowSeconds}: the bot's terms, signed by its operator. */
    public Signed<KeyholderInfo> info(HiringDomain domain, long nowSeconds) throws BotException {
        byte[] body = send(HttpRequest.newBuilder(endpoint.resolve("v1/info")).GET(), "GET /v1/info");
        try {
            Signed<KeyholderInfo> info = KeyholderInfo.fromJson(body);
            info.verify(domain, nowSeconds);
            return info;
        } catch (HiringMessageException e) {
            throw new BotException(e.code(), endpoint + " sent a statement that does not verify: " + e.getMessage());
        }
    }

    /**
     * {@code POST /v1/solicit}: the offer answering {@code solicitation}, verified (the release key
     * signed it, it answers this solicitation, from {@code keyholder}, and still holds).
     */
    public Signed<Offer> solicit(Signed<Solicitation> solicitation, String keyholder, long nowSeconds) throws BotException {
        byte[] body = send(HttpRequest.newBuilder(endpoint.resolve("v1/solicit")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(solicitation.toJson())), "POST /v1/solicit");
        try {
            Signed<Offer> offer = Offer.fromJson(body);
            offer.verify(solicitation.message().domain(), nowSeconds);
            offer.message().checkAnswers(solicitation.message(), keyholder);
            return offer;
        } catch (HiringMessageException e) {
            throw new BotException(e.code(), endpoint + " answered an offer that does not verify: " + e.getMessage());
        }
    }

    /**
     * {@code PUT /v1/archives/{cid}?release=}: streams the DAG under {@code root} from {@code blocks}
     * as a CARv1, reporting the bytes sent to {@code progress}.
     */
    public void uploadArchive(Cid root, String release, BlockSource blocks, LongConsumer progress) throws IOException {
        PipedInputStream in = new PipedInputStream(1 << 20);
        PipedOutputStream out = new PipedOutputStream(in);
        Thread writer = Thread.ofVirtual().name("car-upload").start(() -> {
            try (out) {
                CarWriter car = new CarWriter(out, List.of(root));
                long[] sent = {0};
                DagWalker.walk(root, blocks, DagScope.ALL, null, (cid, block) -> {
                    car.write(cid, block);
                    sent[0] += block.length;
                    progress.accept(sent[0]);
                });
                car.flush();
            } catch (IOException e) {
                // the reader sees the pipe close early and the bot refuses the truncated CAR
            }
        });
        try {
            URI uri = endpoint.resolve("v1/archives/" + root + "?release=" + release.toLowerCase(Locale.ROOT));
            send(HttpRequest.newBuilder(uri).header("Content-Type", "application/vnd.ipld.car").timeout(Duration.ofHours(6))
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> in)), "PUT /v1/archives/" + root);
        } finally {
            writer.interrupt();
        }
    }

    /** The bot's answer to {@code POST /v1/commit}: the enrolment it journaled. */
    public record Commit(String release, int slot, String status, String txHash) {}

    /** {@code POST /v1/commit}: the release is created; the bot checks it and enrols. */
    public Commit commit(String release) throws BotException {
        return commit(release, List.of());
    }

    /**
     * {@code POST /v1/commit} naming {@code gateways} the bot fetches the archive from (verified)
     * when it was not uploaded to it.
     */
    public Commit commit(String release, List<URI> gateways) throws BotException {
        var body0 = JSON.createObjectNode().put("release", release.toLowerCase(Locale.ROOT));
        if (!gateways.isEmpty()) {
            var list = body0.putArray("gateways");
            for (URI g : gateways) list.add(g.toString());
        }
        byte[] body = send(HttpRequest.newBuilder(endpoint.resolve("v1/commit")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body0))), "POST /v1/commit");
        JsonNode n = JSON.readTree(body);
        return new Commit(n.path("release").asString(), n.path("slot").asInt(), n.path("status").asString(), n.path("txHash").asString(null));
    }

    private byte[] send(HttpRequest.Builder request, String what) throws BotException {
        HttpResponse<InputStream> r;
        try {
            r = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new BotException(RefusalCode.INTERNAL, endpoint + " did not answer " + what + ": " + e.getMessage() + "; is the bot running?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BotException(RefusalCode.INTERNAL, "interrupted while waiting for " + endpoint + " (" + what + ")", e);
        }
        byte[] body;
        try (InputStream in = r.body()) {
            body = in.readNBytes(MAX_ANSWER + 1);
        } catch (IOException e) {
            throw new BotException(RefusalCode.INTERNAL, endpoint + " broke off its answer to " + what + ": " + e.getMessage(), e);
        }
        if (body.length > MAX_ANSWER) throw new BotException(RefusalCode.INTERNAL, endpoint + " answered " + what + " with more than " + MAX_ANSWER + " bytes");
        if (r.statusCode() / 100 == 2) return body;
        try {
            HiringMessageException refusal = HiringMessageException.fromJson(new String(body, StandardCharsets.UTF_8));
            throw new BotException(refusal.code(), endpoint + " refused " + what + " (" + refusal.code().wire() + "): " + refusal.getMessage());
        } catch (HiringMessageException unreadable) {
            throw new BotException(RefusalCode.INTERNAL, endpoint + " answered " + what + " with HTTP " + r.statusCode() + " and no typed refusal");
        }
    }
}
