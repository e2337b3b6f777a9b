package org.unveil.release.hire;

import java.io.IOException;
import org.unveil.eth.hiring.RefusalCode;

/**
 * A keyholder bot refused a request (its typed refusal, spec/keyholder-protocol.md sections 6 and 8)
 * or could not be reached ({@link RefusalCode#INTERNAL}, retryable). The message names the bot.
 */
public final class BotException extends IOException {
    private static final long serialVersionUID = 1L;
    private final RefusalCode code;

    public BotException(RefusalCode code, String message) {
        super(message);
        this.code = code;
    }

    public BotException(RefusalCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public RefusalCode code() {
        return code;
    }

    /** Whether the same request may succeed later (a full or busy bot, one that is down). */
    public boolean retryable() {
        return code.retryable();
    }
}
