package org.unveil.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseSignatures;
import org.unveil.eth.Slot;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code unveil release accuse}: proves that the release key of a slot leaked. The proof is signed
 * by the leaked key and bound to the beneficiary, so whoever sends it, only the beneficiary is paid.
 */
@Command(name = "accuse", mixinStandardHelpOptions = true,
        description = "Prove a leaked release key: the keyholder's deposit is slashed, half of it to the beneficiary.")
final class ReleaseAccuseCommand implements Callable<Integer> {
    @Mixin ChainOptions chain;
    @Mixin ReleaseTarget target;

    @Option(names = "--slot", required = true, paramLabel = "N", description = "The slot whose key leaked.")
    int slot;

    @Option(names = "--leaked-key-file", required = true, paramLabel = "FILE", description = "The leaked release key (64 hex digits).")
    Path leakedKeyFile;

    @Option(names = "--beneficiary", paramLabel = "ADDRESS", description = "Who receives the bounty (default: the --key-file account).")
    String beneficiary;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Chain c = chain.connect(); var k = new ReleaseEnrolCommand.ReleaseKeyHolder(ReleaseKeyFile.load(leakedKeyFile, null))) {
            var sender = chain.sender(c);
            String to = beneficiary == null ? sender.address() : beneficiary;
            ReleaseClient release = target.client(c);
            Slot s = release.slot(slot);
            if (!s.releaseKey().equalsIgnoreCase(k.key.address())) {
                throw new IllegalArgumentException("the key in " + leakedKeyFile + " (address " + k.key.address() + ") is not the release key of slot "
                        + slot + " (" + s.releaseKey() + ")");
            }
            String keyholder = s.keyholder().orElseThrow(() -> new IllegalStateException("slot " + slot + " has no keyholder yet: nothing to accuse"));
            byte[] proof = ReleaseSignatures.sign(ReleaseSignatures.leakProofDigest(c.chainId(), release.address(), keyholder, to), k.key);
            var before = c.balance(to);
            var receipt = release.accuse(sender, slot, to, proof);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("slot", slot);
            result.put("keyholder", keyholder);
            result.put("beneficiary", to);
            List<Map<String, Object>> txs = new java.util.ArrayList<>(List.of(ChainReceipts.describe("accuse", receipt)));
            // A bounty for a brand-new beneficiary account is credited (creating the account would
            // push accuse over its gas budget); pay it out now so the reporter sees the money arrive.
            if (release.bountyOwed(slot).signum() > 0) txs.add(ChainReceipts.describe("claimBounty", release.claimBounty(sender, slot)));
            if (!to.equalsIgnoreCase(sender.address())) result.put("bountyWei", c.balance(to).subtract(before));
            ChainReceipts.print(spec.commandLine().getOut(), chain.json, result, txs);
        }
        return 0;
    }
}
