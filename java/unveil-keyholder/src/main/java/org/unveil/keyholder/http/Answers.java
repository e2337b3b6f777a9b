package org.unveil.keyholder.http;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON bodies of sections 8.3 to 8.6, written field by field so their names are the spec's and nothing else leaks in. */
final class Answers {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private Answers() {}

    static String stored(String cid, String release, long bytes) {
        return JSON.writeValueAsString(JSON.createObjectNode().put("cid", cid).put("release", release).put("bytes", bytes));
    }

    static String commit(CommitAnswer a) {
        return JSON.writeValueAsString(JSON.createObjectNode().put("release", a.release()).put("slot", a.slot()).put("action", a.action())
                .put("status", a.status()).put("txHash", a.txHash()));
    }

    static String report(ReleaseReport r) {
        ObjectNode o = JSON.createObjectNode().put("release", r.release()).put("chainId", r.chainId()).put("factory", r.factory())
                .put("slot", r.slot()).put("group", r.group()).put("state", r.state()).put("archiveCid", r.archiveCid().orElse(null));
        ArrayNode actions = o.putArray("actions");
        for (ReleaseReport.Action a : r.actions()) {
            ObjectNode n = actions.addObject().put("kind", a.kind()).put("status", a.status());
            if (a.nonce().isPresent()) n.put("nonce", a.nonce().getAsLong()); else n.putNull("nonce");
            n.put("txHash", a.txHash().orElse(null));
        }
        o.put("next", r.next());
        return JSON.writeValueAsString(o);
    }

    static String health(Health h) {
        ObjectNode o = JSON.createObjectNode().put("status", h.degraded().isPresent() ? "degraded" : "ok").put("chainId", h.chainId())
                .put("head", h.head()).put("cursor", h.cursor()).put("lagBlocks", h.lagBlocks());
        h.degraded().ifPresent(reason -> o.put("reason", reason));
        return JSON.writeValueAsString(o);
    }
}
