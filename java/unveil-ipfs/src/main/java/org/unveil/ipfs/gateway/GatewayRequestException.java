package org.unveil.ipfs.gateway;

/**
 * A request the gateway answers with a 4xx/5xx status and a one-line plain-text reason;
 * thrown while parsing, before any byte of the response is sent.
 */
final class GatewayRequestException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int status;

    GatewayRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
