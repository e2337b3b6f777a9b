package org.unveil.eth.hiring;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * A hiring message with its signature ({@code 0x} + 130 lowercase hex digits, {@code r ‖ s ‖ v}),
 * as it travels: one JSON object of the message's fields plus {@code "signature"}. Holding one says
 * nothing about its validity until {@link #verify} returns.
 */
public record Signed<M extends HiringMessage>(M message, String signature) {
    public Signed {
        Objects.requireNonNull(message, "message required");
        if (signature == null || !signature.matches("0x[0-9a-f]{130}")) {
            throw new IllegalArgumentException("signature must be 0x and 130 lowercase hex digits, got " + signature);
        }
    }

    /** The wire form: fields in type-string order, then the signature; no whitespace. */
    public String toJson() {
        ObjectNode o = WireJson.MAPPER.createObjectNode();
        switch (message) {
            case KeyholderInfo i -> i.write(o);
            case Solicitation s -> s.write(o);
            case Offer f -> f.write(o);
        }
        o.put("signature", signature);
        return WireJson.MAPPER.writeValueAsString(o);
    }

    /**
     * Every check that needs neither state nor chain (spec/keyholder-protocol.md section 5):
     * chain and factory, signature and signer, validity at {@code nowSeconds}.
     *
     * @return the signer's address (lowercase)
     * @throws HiringMessageException with the refusal to answer
     */
    public String verify(HiringDomain expected, long nowSeconds) throws HiringMessageException {
        return switch (message) {
            case KeyholderInfo i -> i.verify(signature, expected, nowSeconds);
            case Solicitation s -> s.verify(signature, expected, nowSeconds);
            case Offer f -> f.verify(signature, expected, nowSeconds);
        };
    }
}
