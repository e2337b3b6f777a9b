package org.unveil.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.archive.keys.FeldmanVss;
import org.unveil.archive.keys.SecretShare;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseParams;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.Slot;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code unveil release publish-share}: the keyholder's step once the release is funded. Opens the
 * keyholder's share from its envelope in the archive with its release key, verifies it against the
 * group's commitments and the share address the contract recorded, and publishes it (the contract
 * simulates first: nothing is sent that would revert). The share is public once broadcast; the
 * release key never leaves this machine (spec/release-protocol.md section 6.1).
 */
@Command(name = "publish-share", mixinStandardHelpOptions = true,
        description = "Publish your share of the release secret for a funded release (your release key stays secret).")
final class ReleasePublishShareCommand implements Callable<Integer> {
    @Mixin ChainOptions chain;
    @Mixin ReleaseTarget target;

    @Option(names = "--slot", required = true, paramLabel = "N", description = "Your slot (0-based).")
    int slot;

    @Option(names = "--release-key-file", required = true, paramLabel = "FILE", description = "Your release key k for this release (opens your share).")
    Path releaseKeyFile;

    @Option(names = "--release-key-password-file", paramLabel = "FILE", description = "Password of the --release-key-file keystore (from keyholder derive --save).")
    Path keyPasswordFile;

    @Option(names = "--archive", required = true, paramLabel = "FILE", description = "The release's archive: your share is sealed in its manifest.")
    Path archive;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Chain c = chain.connect();
                var k = new ReleaseEnrolCommand.ReleaseKeyHolder(ReleaseKeyFile.load(releaseKeyFile, keyPasswordFile))) {
            ReleaseClient release = target.client(c);
            ReleaseState state = release.state();
            if (state != ReleaseState.FUNDED && state != ReleaseState.RELEASED) {
                throw new IllegalStateException("release is in state " + state.label() + ", expected Funded or Released: not publishing the share");
            }
            Slot s = release.slot(slot);
            if (!s.releaseKey().equalsIgnoreCase(k.key.address())) {
                throw new IllegalArgumentException("slot " + slot + " is for release key " + s.releaseKey() + ", but " + releaseKeyFile
                        + " holds the key of " + k.key.address() + ": not publishing");
            }
            ReleaseParams p = release.params();
            SecretShare share = ReleaseShareCheck.open(archive, p, c.chainId(), release.address(), slot, k.key);
            try {
                String address = FeldmanVss.addressOf(share);
                if (!address.equalsIgnoreCase(p.shareAddresses().get(slot))) {
                    throw new IllegalStateException("the share opened from " + archive + " has address " + address + " but slot " + slot
                            + " expects " + p.shareAddresses().get(slot) + ": not publishing");
                }
                var receipt = release.publishShare(chain.sender(c), slot, share);
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("slot", slot);
                result.put("shareAddress", address);
                result.put("state", release.state().label());
                result.put("decryptable", release.isDecryptable());
                ChainReceipts.print(spec.commandLine().getOut(), chain.json, result, List.of(ChainReceipts.describe("publishShare", receipt)));
            } finally {
                share.destroy();
            }
        }
        return 0;
    }
}
