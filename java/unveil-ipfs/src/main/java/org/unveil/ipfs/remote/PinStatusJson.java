package org.unveil.ipfs.remote;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads the spec's {@code PinStatus} object, rejecting answers that lack required fields. */
final class PinStatusJson {
    private PinStatusJson() {}

    static PinStatus read(URI from, JsonNode n) throws RemoteServiceException {
        String requestId = JsonBodies.requiredText(from, n, "requestid");
        PinStatus.State state;
        try {
            state = PinStatus.State.parse(JsonBodies.requiredText(from, n, "status"));
        } catch (IllegalArgumentException e) {
            throw new RemoteServiceException(0, "pinning service " + from + ": " + e.getMessage());
        }
        String cid = JsonBodies.requiredText(from, n.path("pin"), "cid");
        List<String> delegates = new ArrayList<>();
        for (JsonNode d : n.path("delegates").values()) delegates.add(d.asString());
        return new PinStatus(requestId, state, n.path("created").asString(""), cid,
                n.path("pin").path("name").asString(""), List.copyOf(delegates));
    }
}
