package org.unveil.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.Slot;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code unveil release publish-key}: reveals the release key of a slot. Irreversible: a key is
 * public once broadcast, even if the transaction then fails, so every check (funded state, the
 * key matches the slot, the call simulates successfully) happens before anything is sent.
 */
@Command(name = "publish-key", mixinStandardHelpOptions = true, description = "Publish your release key for a funded release.")
final class ReleasePublishKeyCommand implements Callable<Integer> {
    @Mixin ChainOptions chain;
    @Mixin ReleaseTarget target;

    @Option(names = "--slot", required = true, paramLabel = "N", description = "Your slot (0-based).")
    int slot;

    @Option(names = "--release-key-file", required = true, paramLabel = "FILE", description = "Your release key k for this release.")
    Path releaseKeyFile;

    @Option(names = "--release-key-password-file", paramLabel = "FILE", description = "Password of the --release-key-file keystore (from keyholder derive --save).")
    Path keyPasswordFile;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Chain c = chain.connect();
                var k = new ReleaseEnrolCommand.ReleaseKeyHolder(ReleaseKeyFile.load(releaseKeyFile, keyPasswordFile))) {
            ReleaseClient release = target.client(c);
            ReleaseState state = release.state();
            if (state != ReleaseState.FUNDED && state != ReleaseState.RELEASED) {
                throw new IllegalStateException("release is in state " + state.label() + ", expected Funded or Released: not publishing the key");
            }
            Slot s = release.slot(slot);
            if (!s.releaseKey().equalsIgnoreCase(k.key.address())) {
                throw new IllegalArgumentException("slot " + slot + " is for release key " + s.releaseKey() + ", but " + releaseKeyFile
                        + " holds the key of " + k.key.address() + ": not publishing it");
            }
            var receipt = release.publishKey(chain.sender(c), slot, k.key);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("slot", slot);
            result.put("state", release.state().label());
            result.put("decryptable", release.isDecryptable());
            ChainReceipts.print(spec.commandLine().getOut(), chain.json, result, List.of(ChainReceipts.describe("publishKey", receipt)));
        }
        return 0;
    }
}
