package org.unveil.eth;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.protocol.core.Response;

/**
 * Pulls revert data out of a JSON-RPC error. Nodes disagree on the shape: {@code data} may be the
 * hex itself (geth, Hardhat 3) or an object holding it (older Hardhat, Ganache); web3j hands an
 * object over as its JSON text.
 */
final class RevertData {
    private static final Pattern HEX_FIELD = Pattern.compile("\"data\"\\s*:\\s*\"(0x[0-9a-fA-F]*)\"");
    private static final Pattern BARE_HEX = Pattern.compile("0x[0-9a-fA-F]*");

    private RevertData() {}

    /** The revert data, "0x" for a bare revert, or null when the error is not a revert. */
    static String extract(Response.Error error) {
        String data = error.getData();
        if (data != null) {
            String trimmed = data.trim();
            if (trimmed.startsWith("\"") && trimmed.endsWith("\"") && trimmed.length() >= 2) {
                trimmed = trimmed.substring(1, trimmed.length() - 1);
            }
            if (BARE_HEX.matcher(trimmed).matches()) return trimmed;
            Matcher m = HEX_FIELD.matcher(trimmed);
            if (m.find()) return m.group(1);
        }
        String msg = error.getMessage() == null ? "" : error.getMessage();
        // code 3 is the EIP-1474 "execution reverted" code; some nodes omit data on bare reverts
        if (error.getCode() == 3 || msg.contains("reverted")) return "0x";
        return null;
    }
}
