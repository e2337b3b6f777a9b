package org.unveil.ipfs.remote;

import java.net.URI;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Parses JSON response bodies of remote services, turning malformed ones into typed errors. */
final class JsonBodies {
    static final JsonMapper MAPPER = JsonMapper.builder().build();
    /** Error bodies are quoted in messages; cap them so a hostile server cannot flood logs. */
    private static final int QUOTE_LIMIT = 300;

    private JsonBodies() {}

    static JsonNode parse(URI from, String body) throws RemoteServiceException {
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new RemoteServiceException(0, "malformed JSON from " + from + ": " + quote(body));
        }
    }

    static String requiredText(URI from, JsonNode node, String field) throws RemoteServiceException {
        JsonNode v = node.path(field);
        if (!v.isString() || v.asString().isEmpty()) {
            throw new RemoteServiceException(0, "response from " + from + " lacks the string field '" + field
                    + "': " + quote(node.toString()));
        }
        return v.asString();
    }

    static String quote(String body) {
        String flat = body.replaceAll("\\s+", " ").strip();
        return flat.length() <= QUOTE_LIMIT ? flat : flat.substring(0, QUOTE_LIMIT) + "...";
    }
}
