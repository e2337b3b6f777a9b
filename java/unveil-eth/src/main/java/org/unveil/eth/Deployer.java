package org.unveil.eth;

import java.io.IOException;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;

/**
 * Deploys Unveil on a chain: {@code ReleaseViews} (apart: the factory's initcode cannot hold it
 * too), then the {@code ReleaseFactory} given it, whose constructor deploys the release
 * implementation and the keyholder registry (spec/release-protocol.md section 1).
 */
public final class Deployer {
    private Deployer() {}

    /** Deploys with the sender as owner of the token allow-list. */
    public static Deployment deploy(TransactionSender sender, ContractArtifacts artifacts) throws IOException {
        return deploy(sender, artifacts, sender.address());
    }

    public static Deployment deploy(TransactionSender sender, ContractArtifacts artifacts, String owner) throws IOException {
        String checkedOwner = Addresses.checked(owner, "owner");
        String views = sender.deploy(artifacts.bytecode("ReleaseViews"), "ReleaseViews");
        String code = artifacts.bytecode("ReleaseFactory")
                + FunctionEncoder.encodeConstructor(List.of(new Address(checkedOwner), new Address(views)));
        String factory = sender.deploy(code, "ReleaseFactory");
        ReleaseFactoryClient f = ReleaseFactoryClient.at(sender.chain(), factory);
        // Unreachable unless the node or the factory's code is not what was sent: then say so, not deploy on.
        if (!f.views().equalsIgnoreCase(views)) throw new IOException("factory " + factory + " answers views() " + f.views() + ", not the " + views + " it was given");
        return new Deployment(sender.chain().chainId(), factory, f.registry(), f.implementation(), views);
    }
}
