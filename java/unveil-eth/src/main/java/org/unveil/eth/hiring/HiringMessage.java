package org.unveil.eth.hiring;

/** One of the three signed messages of the hiring protocol (spec/keyholder-protocol.md). */
public sealed interface HiringMessage permits KeyholderInfo, Solicitation, Offer {
    /** EIP-712 {@code hashStruct} of the message. */
    byte[] structHash();
}
