package org.unveil.eth.hiring;

import java.util.Locale;

/**
 * The typed refusals of the hiring protocol (spec/keyholder-protocol.md section 6), each with its
 * wire code and whether the same request may succeed if simply sent again later.
 */
public enum RefusalCode {
    MALFORMED(false),
    TOO_LARGE(false),
    BAD_SIGNATURE(false),
    EXPIRED(false),
    WRONG_CHAIN(false),
    WRONG_FACTORY(false),
    REPLAYED_NONCE(false),
    ADDRESS_MISMATCH(false),
    ALREADY_DEPLOYED(false),
    WRONG_SOLICITATION(false),
    OUTSIDE_POLICY(false),
    RATE_LIMITED(true),
    NO_CAPACITY(true),
    INTERNAL(true);

    private final boolean retryable;

    RefusalCode(boolean retryable) {
        this.retryable = retryable;
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
