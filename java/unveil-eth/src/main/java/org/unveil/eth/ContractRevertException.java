package org.unveil.eth;

import java.util.List;

/**
 * A contract refused a call or transaction. The message is the decoded custom error in plain
 * words ("release is in state Funded, expected Open"); {@link #errorName()} and
 * {@link #arguments()} carry the raw decoded error for programs. A transaction the sender cannot
 * pay for is refused the same way before it is sent, with error name {@code InsufficientFunds}.
 */
public final class ContractRevertException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final String errorName;
    private final transient List<Object> arguments;
    private final String revertData;

    ContractRevertException(String message, String errorName, List<Object> arguments, String revertData) {
        super(message);
        this.errorName = errorName;
        this.arguments = List.copyOf(arguments);
        this.revertData = revertData;
    }

    /** The Solidity error name, e.g. {@code Release_WrongState}; {@code Error} for require strings, {@code Panic}, or {@code Unknown}. */
    public String errorName() {
        return errorName;
    }

    /** Decoded error arguments: BigInteger for integers, String for addresses/strings, byte[] for bytes. */
    public List<Object> arguments() {
        return arguments;
    }

    /** The raw revert data as 0x-hex ("0x" when the node gave none). */
    public String revertData() {
        return revertData;
    }
}
