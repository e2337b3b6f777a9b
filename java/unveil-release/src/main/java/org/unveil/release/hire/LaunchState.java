package org.unveil.release.hire;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.unveil.io.AtomicFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a {@link Launch} has done so far, saved (atomically) after every step, so a launch that
 * crashed or was stopped resumes where it was: the release it is for, its fixed terms, each
 * slot's offer, the archive's CID, which bots have it, whether the release was created, which bots
 * were told. Holds nothing secret: offers and solicitations are signed public statements, and the
 * release secret stays in its own file.
 */
final class LaunchState {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "launch.json";

    /** The terms fixed at the first run (times are absolute, so a resumed launch solicits and packs the same). */
    record Terms(String salt, String release, BigInteger goal, BigInteger artistFee, BigInteger deposit, BigInteger keyholderFee, long enrolDeadline,
            long pledgeDeadline, long revealWindow, int samples) {}

    /** One slot's hire: the bot, the solicitation sent and the offer it answered, the release public key recovered from the offer. */
    record Hired(int slot, int group, String keyholder, String endpoint, String solicitation, String offer, String publicKey, long validUntil) {}

    Terms terms;
    final List<Hired> hired = new ArrayList<>();
    String cid;
    final Set<String> uploaded = new LinkedHashSet<>();
    boolean created;
    final Set<String> committed = new LinkedHashSet<>();
    boolean samplesRevealed;

    static Optional<LaunchState> read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) return Optional.empty();
        JsonNode n;
        try {
            n = JSON.readTree(Files.readString(f));
        } catch (RuntimeException e) {
            throw new IOException(f + " is not a launch state (" + e.getMessage() + "); move it away to start the launch over", e);
        }
        LaunchState s = new LaunchState();
        JsonNode t = n.path("terms");
        s.terms = new Terms(t.path("salt").asString(), t.path("release").asString(), new BigInteger(t.path("goal").asString()),
                new BigInteger(t.path("artistFee").asString()), new BigInteger(t.path("deposit").asString()), new BigInteger(t.path("keyholderFee").asString()),
                t.path("enrolDeadline").asLong(), t.path("pledgeDeadline").asLong(), t.path("revealWindow").asLong(), t.path("samples").asInt());
        for (JsonNode h : n.path("hired")) {
            s.hired.add(new Hired(h.path("slot").asInt(), h.path("group").asInt(), h.path("keyholder").asString(), h.path("endpoint").asString(),
                    h.path("solicitation").asString(), h.path("offer").asString(), h.path("publicKey").asString(), h.path("validUntil").asLong()));
        }
        s.cid = n.path("cid").asString(null);
        n.path("uploaded").forEach(x -> s.uploaded.add(x.asString()));
        s.created = n.path("created").asBoolean();
        n.path("committed").forEach(x -> s.committed.add(x.asString()));
        s.samplesRevealed = n.path("samplesRevealed").asBoolean();
        return Optional.of(s);
    }

    void write(Path dir) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode t = n.putObject("terms");
        t.put("salt", terms.salt()).put("release", terms.release()).put("goal", terms.goal().toString()).put("artistFee", terms.artistFee().toString())
                .put("deposit", terms.deposit().toString()).put("keyholderFee", terms.keyholderFee().toString()).put("enrolDeadline", terms.enrolDeadline())
                .put("pledgeDeadline", terms.pledgeDeadline()).put("revealWindow", terms.revealWindow()).put("samples", terms.samples());
        ArrayNode hs = n.putArray("hired");
        for (Hired h : hired) {
            hs.addObject().put("slot", h.slot()).put("group", h.group()).put("keyholder", h.keyholder()).put("endpoint", h.endpoint())
                    .put("solicitation", h.solicitation()).put("offer", h.offer()).put("publicKey", h.publicKey()).put("validUntil", h.validUntil());
        }
        if (cid != null) n.put("cid", cid);
        uploaded.forEach(n.putArray("uploaded")::add);
        n.put("created", created);
        committed.forEach(n.putArray("committed")::add);
        n.put("samplesRevealed", samplesRevealed);
        AtomicFiles.write(dir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n).getBytes(StandardCharsets.UTF_8), false);
    }
}
