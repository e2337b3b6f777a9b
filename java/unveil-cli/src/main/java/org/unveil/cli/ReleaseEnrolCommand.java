package org.unveil.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseParams;
import org.unveil.eth.ReleaseSignatures;
import org.unveil.eth.Slot;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code unveil release enrol}: takes a slot with the deposit and an EIP-712 acceptance signed by
 * the slot's release key. The digest is computed locally from the release's own parameters and
 * must equal the contract's, so the keyholder signs exactly the manifest and commitments it saw.
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

    @Option(names = "--archive", paramLabel = "FILE",
            description = "The release's archive: check it is the one the contract names and that your share verifies before enrolling.")
    Path archive;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Chain c = chain.connect(); ReleaseKeyHolder k = new ReleaseKeyHolder(ReleaseKeyFile.load(releaseKeyFile, keyPasswordFile))) {
            var sender = chain.sender(c);
            String who = keyholder == null ? sender.address() : keyholder;
            ReleaseClient release = target.client(c);
            ReleaseParams p = release.params();
            Slot s = release.slot(slot);
            if (!s.releaseKey().equalsIgnoreCase(k.key.address())) {
                throw new IllegalArgumentException("slot " + slot + " is for release key " + s.releaseKey() + ", but " + releaseKeyFile
                        + " holds the key of " + k.key.address() + "; pick your own slot");
            }
            if (archive != null) ReleaseShareCheck.verify(archive, p, c.chainId(), release.address(), slot, k.key);
            byte[] digest = ReleaseSignatures.acceptanceDigest(c.chainId(), release.address(), who, slot, p.manifestHash(), p.commitmentsHash());
            if (!java.security.MessageDigest.isEqual(digest, release.acceptanceDigest(slot, who))) {
                throw new IllegalStateException("the contract's acceptance digest differs from the one computed from its parameters: refusing to sign");
            }
            List<Map<String, Object>> txs = new java.util.ArrayList<>();
            release.approvePayment(sender, p.deposit()).ifPresent(r -> txs.add(ChainReceipts.describe("approve", r))); // token releases only
            txs.add(ChainReceipts.describe("enrol", release.enrol(sender, slot, who, ReleaseSignatures.sign(digest, k.key), p.deposit())));
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
