package org.unveil.ipfs.gateway;

/** What a gateway response carries: one verifiable block, a verifiable CAR, or plain file bytes. */
enum ResponseFormat {
    RAW("application/vnd.ipld.raw"),
    CAR("application/vnd.ipld.car"),
    /** Deserialized UnixFS file bytes (the path gateway's default response). */
    FILE("application/octet-stream");

    final String mediaType;

    ResponseFormat(String mediaType) {
        this.mediaType = mediaType;
    }
}
