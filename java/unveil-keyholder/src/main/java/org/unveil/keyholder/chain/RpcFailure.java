package org.unveil.keyholder.chain;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.exceptions.ClientConnectionException;

/**
 * One failed RPC request, sorted by what the watcher does about it. Nodes signal the same things in
 * many ways (an HTTP status, a JSON-RPC code, only a message), so the sorting lives here, in one
 * place, from the node's words: what is worth a retry, what means "ask for a smaller range", what no
 * retry will fix.
 */
final class RpcFailure extends Exception {
    private static final long serialVersionUID = 1L;

    enum Kind {
        /** The node or the way to it hiccuped: retry after a pause. */
        TRANSIENT,
        /** eth_getLogs refused the range as too large or too many results: halve it. */
        RANGE_TOO_LARGE,
        /** A retry cannot help (wrong URL, missing key, unsupported method): fail the poll now. */
        FATAL
    }

    /** Words of rate limiting, checked first: Infura says "-32005 ... request rate limited", the same code as its result cap. */
    private static final List<String> RATE_LIMITED = List.of("rate limit", "rate-limit", "request rate", "too many requests", "compute units", "capacity", "throughput");
    /** Words of a range or result cap: "query returned more than 10000 results", "block range is too large", "exceed maximum block range: 5000", ... */
    private static final List<String> RANGE_CAPPED = List.of("more than", "results", "range", "too large", "too big", "exceed", "limit", "response size");

    private final Kind kind;

    private RpcFailure(Kind kind, String description, Throwable cause) {
        super(description, cause);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    /** A JSON-RPC error object; {@code logQuery}: the request was eth_getLogs, where a cap means "smaller range". */
    static RpcFailure of(Response.Error error, boolean logQuery) {
        int code = error.getCode();
        String message = String.valueOf(error.getMessage());
        String text = message.toLowerCase(Locale.ROOT);
        String description = "JSON-RPC error " + code + " \"" + message + "\"";
        if (code == 429 || mentions(text, RATE_LIMITED)) return new RpcFailure(Kind.TRANSIENT, description + " (rate limited)", null);
        if (logQuery && mentions(text, RANGE_CAPPED)) return new RpcFailure(Kind.RANGE_TOO_LARGE, description, null);
        // -32603 internal error, -32000..-32099 implementation-defined server errors ("header not found", a busy backend), -32700 a garbled request
        boolean transientCode = code == -32603 || code == -32700 || (code <= -32000 && code >= -32099);
        return new RpcFailure(transientCode ? Kind.TRANSIENT : Kind.FATAL, description, null);
    }

    /** An exception out of web3j's send(): the transport failed, or the node's answer was not JSON-RPC. */
    static RpcFailure of(Throwable e, boolean logQuery) {
        if (e instanceof ClientConnectionException http && http.getCode() != null) return ofHttpStatus(http.getCode(), e, logQuery);
        if (e instanceof IOException) return new RpcFailure(Kind.TRANSIENT, "no answer (" + e + ")", e);
        return new RpcFailure(Kind.TRANSIENT, "an answer that is not JSON-RPC (" + e + ")", e);
    }

    /** The node answered with nothing where a value must be (a result of null, a log without its block). */
    static RpcFailure malformed(String what) {
        return new RpcFailure(Kind.TRANSIENT, "an answer without " + what, null);
    }

    private static RpcFailure ofHttpStatus(int status, Throwable e, boolean logQuery) {
        String description = "HTTP " + status;
        if (status == 429) return new RpcFailure(Kind.TRANSIENT, description + " (rate limited)", e);
        if (status == 413 && logQuery) return new RpcFailure(Kind.RANGE_TOO_LARGE, description + " (response too large)", e);
        if (status == 408 || status >= 500) return new RpcFailure(Kind.TRANSIENT, description, e);
        return new RpcFailure(Kind.FATAL, description + " (check the RPC URL and any API key in it)", e);
    }

    private static boolean mentions(String text, List<String> words) {
        return words.stream().anyMatch(text::contains);
    }
}
