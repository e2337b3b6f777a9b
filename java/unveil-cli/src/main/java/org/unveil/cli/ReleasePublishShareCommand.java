package org.unveil.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import org.unveil.release.FetchedArchive;
import org.unveil.release.Keyholder;
import org.unveil.release.KeyholderPolicy;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
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

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "The release's archive (your share is sealed in its manifest):%n")
    ArchiveSource archive;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Chain c = chain.connect();
                var k = new ReleaseEnrolCommand.ReleaseKeyHolder(ReleaseKeyFile.load(releaseKeyFile, keyPasswordFile))) {
            ReleaseClient release = target.client(c);
            Keyholder.Published p;
            try (FetchedArchive a = archive.open(release)) {
                p = new Keyholder(c, KeyholderPolicy.DEFAULTS).publishShare(chain.sender(c), release, slot, k.key, a.file());
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("slot", slot);
            result.put("shareAddress", p.shareAddress());
            result.put("state", release.state().label());
            result.put("decryptable", release.isDecryptable());
            ChainReceipts.print(spec.commandLine().getOut(), chain.json, result,
                    List.of(ChainReceipts.describe(p.transaction().action(), p.transaction().receipt())));
        }
        return 0;
    }
}
