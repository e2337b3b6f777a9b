package org.unveil.archive.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Recomputes every value of spec/vectors/fragment-keys.json, fragment-tree.json and
 * fragment-samples.json on Node from the spec text alone (interop.mjs: noble's HKDF and X25519,
 * viem's abi.encode, keccak256 and address, an OpenZeppelin-style proof fold), so the vectors the
 * contract side is checked against do not rest on the Java implementation only.
 */
class FragmentVectorsInteropTest {
    private static JsonNode load(String name) throws Exception {
        return JsInterop.JSON.readTree(Files.readString(KeyVectorGenerator.vectorDir().resolve(name)));
    }

    @Test
    void nodeComputesTheSameKeysTreesAndSamples() throws Exception {
        ArrayNode requests = JsInterop.JSON.createArrayNode();
        JsonNode keys = load("fragment-keys.json").get("cases");
        JsonNode trees = load("fragment-tree.json").get("cases");
        JsonNode samples = load("fragment-samples.json").get("cases");
        for (JsonNode c : keys) requests.addObject().put("op", "fragmentKey").put("secret", c.get("secret").asString()).put("fragment", c.get("fragment").asInt());
        for (JsonNode c : trees) requests.addObject().put("op", "fragmentTree").set("keyAddresses", c.get("keyAddresses"));
        for (JsonNode c : samples) {
            requests.addObject().put("op", "sample").put("seed", c.get("seed").asString()).put("fragmentCount", c.get("fragmentCount").asInt())
                    .put("sampleCount", c.get("sampleCount").asInt());
        }
        List<JsonNode> results = JsInterop.run(requests);
        int i = 0;
        for (JsonNode c : keys) {
            JsonNode r = results.get(i++);
            for (String field : List.of("okm", "key", "keyAddress", "identity", "recipient")) {
                assertEquals(c.get(field).asString(), r.path(field).asString(), field + " of s=" + c.get("secret").asString() + " e=" + c.get("fragment") + ": " + r);
            }
        }
        for (JsonNode c : trees) {
            JsonNode r = results.get(i++);
            assertEquals(c.get("leaves"), r.get("leaves"), "leaves of F=" + c.get("fragmentCount"));
            assertEquals(c.get("root").asString(), r.get("root").asString(), "root of F=" + c.get("fragmentCount"));
            assertEquals(c.get("proofs"), r.get("proofs"), "proofs of F=" + c.get("fragmentCount"));
            assertTrue(r.get("verified").asBoolean(), "every proof folds to the root on Node");
        }
        for (JsonNode c : samples) {
            JsonNode r = results.get(i++);
            assertEquals(c.get("samples"), r.get("samples"), "samples of " + ((ObjectNode) c).deepCopy().without("samples"));
        }
    }
}
