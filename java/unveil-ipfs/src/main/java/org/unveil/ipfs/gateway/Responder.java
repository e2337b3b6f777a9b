package org.unveil.ipfs.gateway;

import java.io.IOException;

/** Produces the response for one format; may throw {@link GatewayRequestException} before sending. */
interface Responder {
    void respond(GatewayRequest req, GatewayExchange ex) throws IOException;
}
