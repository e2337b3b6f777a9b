package org.unveil.eth;

import java.io.IOException;

/**
 * The chain could not be asked or did not answer as expected: RPC error, timeout, a receipt that
 * never came. Distinct from {@link ContractRevertException}, where the chain answered "no".
 */
public final class ChainException extends IOException {
    private static final long serialVersionUID = 1L;

    public ChainException(String message) {
        super(message);
    }

    public ChainException(String message, Throwable cause) {
        super(message, cause);
    }
}
