package org.unveil.eth.hiring;

import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A hiring message refused, with the code the receiver answers
 * ({@code {"error": {"code": ..., "message": ..., "retryable": ...}}}, spec/keyholder-protocol.md
 * section 6) and a message that says what to change.
 */
public final class HiringMessageException extends Exception {
    private final RefusalCode code;

    public HiringMessageException(RefusalCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "refusal code required");
    }

    public RefusalCode code() {
        return code;
    }

    public boolean retryable() {
        return code.retryable();
    }

    /** The refusal as its receiver sends it. */
    public String toJson() {
        ObjectNode root = WireJson.MAPPER.createObjectNode();
        root.putObject("error").put("code", code.wire()).put("message", getMessage()).put("retryable", code.retryable());
        return WireJson.MAPPER.writeValueAsString(root);
    }

    /**
     * Reads a refusal a peer sent. A code this version does not know becomes {@link RefusalCode#INTERNAL}
     * with the peer's code in the message, so a newer bot's answer still reads as a refusal.
     *
     * @throws HiringMessageException {@link RefusalCode#MALFORMED} if the body is not a refusal
     */
    public static HiringMessageException fromJson(String json) throws HiringMessageException {
        if (json.length() > WireJson.MAX_BYTES) {
            throw new HiringMessageException(RefusalCode.MALFORMED, "the refusal is " + json.length() + " characters; a refusal is at most " + WireJson.MAX_BYTES);
        }
        JsonNode error;
        try {
            error = WireJson.MAPPER.readTree(json).get("error");
        } catch (JacksonException e) {
            throw new HiringMessageException(RefusalCode.MALFORMED, "the refusal is not JSON: " + e.getOriginalMessage());
        }
        if (error == null || !error.path("code").isString() || !error.path("message").isString() || !error.path("retryable").isBoolean()) {
            throw new HiringMessageException(RefusalCode.MALFORMED, "a refusal is {\"error\": {\"code\", \"message\", \"retryable\"}}");
        }
        String wire = error.get("code").asString();
        RefusalCode code = RefusalCode.ofWire(wire);
        String message = error.get("message").asString();
        return code == null ? new HiringMessageException(RefusalCode.INTERNAL, "unknown refusal " + wire + ": " + message)
                : new HiringMessageException(code, message);
    }
}
