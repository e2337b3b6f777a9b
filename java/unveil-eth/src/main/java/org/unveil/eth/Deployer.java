package org.unveil.eth;

import java.io.IOException;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;

/**
 * Deploys Unveil on a chain: one {@code ReleaseFactory}, whose constructor deploys the release
 * implementation and the keyholder registry (spec/release-protocol.md section 1).
 */
public final class Deployer {
    private Deployer() {}

    /** Deploys with the sender as owner of the token allow-list. */
    public static Deployment deploy(TransactionSender sender, ContractArtifacts artifacts) throws IOException {
        return deploy(sender, artifacts, sender.address());
    }

    public static Deployment deploy(TransactionSender sender, ContractArtifacts artifacts, String owner) throws IOException {
        String code = artifacts.bytecode("ReleaseFactory")
                + FunctionEncoder.encodeConstructor(List.of(new Address(Addresses.checked(owner, "owner"))));
        String factory = sender.deploy(code, "ReleaseFactory");
        ReleaseFactoryClient f = ReleaseFactoryClient.at(sender.chain(), factory);
        return new Deployment(sender.chain().chainId(), factory, f.registry(), f.implementation());
    }
}
