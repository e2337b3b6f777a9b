package org.unveil.eth.hiring;

import org.unveil.eth.Eip712;

/**
 * The EIP-712 domain of every hiring message: name "Unveil Keyholder", version "1", the chain and,
 * as verifying contract, the factory the release will be created by (spec/keyholder-protocol.md
 * section 2), so a message for one deployment never passes for another.
 */
public record HiringDomain(long chainId, String factory) {
    public static final String NAME = "Unveil Keyholder";
    public static final String VERSION = "1";

    public HiringDomain {
        Fields.positive(chainId, "chainId");
        factory = Fields.address(factory, "factory");
    }

    public byte[] separator() {
        return Eip712.domainSeparator(NAME, VERSION, chainId, factory);
    }

    /** The typed-data hash that is signed: {@code keccak256(0x1901 ‖ separator ‖ structHash)}. */
    public byte[] digest(byte[] structHash) {
        return Eip712.digest(separator(), structHash);
    }
}
