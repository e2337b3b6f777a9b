package org.unveil.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import org.unveil.release.FetchedArchive;
import org.unveil.release.Keyholder;
import org.unveil.release.KeyholderPolicy;
import org.unveil.release.Transaction;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code unveil release enrol}: takes a slot with the deposit and an EIP-712 acceptance signed by
 * the slot's release key ({@link Keyholder#enrol}: terms within the {@link KeyholderPolicy} its options give,
 * the archive and share verified, the digest computed locally and equal to the contract's).
 */
@Command(name = "enrol", mixinStandardHelpOptions = true,
        description = "Enrol as the keyholder of a slot: post the deposit and the acceptance signed by your release key.")
final class ReleaseEnrolCommand implements Callable<Integer> {
    @Mixin ChainOptions chain;
    @Mixin ReleaseTarget target;

    @Option(names = "--slot", required = true, paramLabel = "N", description = "The slot to take (0-based).")
    int slot;

    @Option(names = "--release-key-file", required = true, paramLabel = "FILE", description = "Your release key k for this release.")
    Path releaseKeyFile;

    @Option(names = "--release-key-password-file", paramLabel = "FILE", description = "Password of the --release-key-file keystore (from keyholder derive --save).")
    Path keyPasswordFile;

    @Option(names = "--keyholder", paramLabel = "ADDRESS", description = "The registered keyholder you act for (default: the --key-file account).")
    String keyholder;

    /** Optional: without it the archive is not checked (the acceptance still signs the contract's manifest hash). */
    @ArgGroup(exclusive = true, multiplicity = "0..1", heading = "The release's archive (checked against the contract, your share opened and verified, before enrolling):%n")
    ArchiveSource archive;

    @ArgGroup(exclusive = false, heading = "The terms you accept (a release outside them is refused, with every reason):%n")
    KeyholderPolicyOptions terms = new KeyholderPolicyOptions();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Chain c = chain.connect(); ReleaseKeyHolder k = new ReleaseKeyHolder(ReleaseKeyFile.load(releaseKeyFile, keyPasswordFile))) {
            var sender = chain.sender(c);
            String who = keyholder == null ? sender.address() : keyholder;
            ReleaseClient release = target.client(c);
            KeyholderPolicy policy = terms.policy(release.token(), c);
            List<Map<String, Object>> txs = new java.util.ArrayList<>();
            try (FetchedArchive a = archive == null ? null : archive.open(release)) {
                for (Transaction t : new Keyholder(c, policy).enrol(sender, release, slot, who, k.key, a == null ? null : a.file())) {
                    txs.add(ChainReceipts.describe(t.action(), t.receipt()));
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("slot", slot);
            result.put("keyholder", who);
            result.put("state", release.state().label());
            ChainReceipts.print(spec.commandLine().getOut(), chain.json, result, txs);
        }
        return 0;
    }

    /** Destroys the release key when the command ends, whatever happens. */
    static final class ReleaseKeyHolder implements AutoCloseable {
        final ReleaseKey key;

        ReleaseKeyHolder(ReleaseKey key) {
            this.key = key;
        }

        @Override
        public void close() {
            key.destroy();
        }
    }
}
