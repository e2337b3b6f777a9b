package org.unveil.eth.hiring;

import java.util.Locale;

/**
 * The typed refusals of the hiring protocol (spec/keyholder-protocol.md sections 6 and 8), each with its
 * wire code and whether the same request may succeed if simply sent again later.
 */
public enum RefusalCode {
    MALFORMED(false, 400),
    TOO_LARGE(false, 413),
    BAD_SIGNATURE(false, 401),
    EXPIRED(false, 422),
    WRONG_CHAIN(false, 422),
    WRONG_FACTORY(false, 422),
    REPLAYED_NONCE(false, 422),
    ADDRESS_MISMATCH(false, 422),
    ALREADY_DEPLOYED(false, 422),
    WRONG_SOLICITATION(false, 422),
    OUTSIDE_POLICY(false, 422),
    RATE_LIMITED(true, 429),
    NO_CAPACITY(true, 503),
    INTERNAL(true, 500),
    // The endpoints' own (section 8).
    NOT_FOUND(false, 404),
    BAD_ARCHIVE(false, 422),
    NOT_READY(true, 409),
    REFUSED(false, 422);

    private final boolean retryable;
    private final int httpStatus;

    RefusalCode(boolean retryable, int httpStatus) {
        this.retryable = retryable;
        this.httpStatus = httpStatus;
    }

    /** The HTTP status an endpoint answers this refusal with (spec/keyholder-protocol.md section 8). */
    public int httpStatus() {
        return httpStatus;
    }

    /** Whether sending the very same request again later may succeed (a full bot, a rate limit, a crash). */
    public boolean retryable() {
        return retryable;
    }

    /** The code as it travels: lowercase words joined by hyphens ({@code bad-signature}). */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The code of a wire string, or null if it names none (a newer peer's code). */
    public static RefusalCode ofWire(String code) {
        for (RefusalCode c : values()) if (c.wire().equals(code)) return c;
        return null;
    }
}
