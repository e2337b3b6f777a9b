package org.unveil.ipfs.remote;

import java.util.List;

/**
 * One pin request as a Pinning Service API server reports it ({@code PinStatus} in the OpenAPI
 * spec): its id, lifecycle state, the CID it pins, and the service's delegate multiaddrs.
 */
public record PinStatus(String requestId, State state, String created, String cid, String name,
                        List<String> delegates) {

    /** The four states of the spec; a request moves queued -> pinning -> pinned or failed. */
    public enum State {
        QUEUED, PINNING, PINNED, FAILED;

        /** The wire name: lower case, as in the spec's {@code Status} enum. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static State parse(String wire) {
            for (State s : values()) if (s.wireName().equals(wire)) return s;
            throw new IllegalArgumentException("unknown pin status [" + wire + "], expected queued|pinning|pinned|failed");
        }

        /** True once the service will not change the state by itself any more. */
        public boolean isFinal() {
            return this == PINNED || this == FAILED;
        }
    }
}
