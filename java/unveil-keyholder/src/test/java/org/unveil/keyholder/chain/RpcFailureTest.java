package org.unveil.keyholder.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.unveil.keyholder.chain.RpcFailure.Kind;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.exceptions.ClientConnectionException;

/** The words real nodes and providers use, sorted into retry, halve the range, or give up. */
class RpcFailureTest {
    private static Kind rpc(int code, String message, boolean logQuery) {
        return RpcFailure.of(new Response.Error(code, message), logQuery).kind();
    }

    private static Kind http(int status) {
        return RpcFailure.of(new ClientConnectionException(status, "Invalid response received: " + status + "; body"), true).kind();
    }

    @Test
    void providerRangeCapsHalveTheRange() {
        assertEquals(Kind.RANGE_TOO_LARGE, rpc(-32005, "query returned more than 10000 results", true));
        assertEquals(Kind.RANGE_TOO_LARGE, rpc(-32000, "exceed maximum block range: 5000", true));
        assertEquals(Kind.RANGE_TOO_LARGE, rpc(-32602, "block range is too large", true));
        assertEquals(Kind.RANGE_TOO_LARGE, rpc(-32602, "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range", true));
        assertEquals(Kind.RANGE_TOO_LARGE, http(413));
    }

    @Test
    void rateLimitsAndServerTroubleAreRetriedEvenWhenTheyShareTheCapsCode() {
        assertEquals(Kind.TRANSIENT, rpc(-32005, "daily request count exceeded, request rate limited", true));
        assertEquals(Kind.TRANSIENT, rpc(429, "Your app has exceeded its compute units per second capacity", true));
        assertEquals(Kind.TRANSIENT, rpc(-32603, "Internal error", false));
        assertEquals(Kind.TRANSIENT, rpc(-32000, "header not found", false));
        assertEquals(Kind.TRANSIENT, http(429));
        assertEquals(Kind.TRANSIENT, http(502));
        assertEquals(Kind.TRANSIENT, RpcFailure.of(new SocketTimeoutException("timeout"), false).kind());
        assertEquals(Kind.TRANSIENT, RpcFailure.of(new IOException("unexpected end of stream"), false).kind());
        assertEquals(Kind.TRANSIENT, RpcFailure.of(new IllegalStateException("not JSON"), false).kind(), "garbage");
    }

    @Test
    void whatNoRetryFixesFailsAtOnce() {
        assertEquals(Kind.FATAL, rpc(-32601, "the method eth_getLogs does not exist/is not available", true));
        assertEquals(Kind.FATAL, http(401));
        assertEquals(Kind.FATAL, http(404));
        assertEquals(Kind.FATAL, rpc(-32602, "invalid argument 0: hex string without 0x prefix", false), "a cap's words count only for eth_getLogs");
    }
}
