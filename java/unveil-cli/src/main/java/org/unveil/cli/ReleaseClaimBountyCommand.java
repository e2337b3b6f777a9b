package org.unveil.cli;

import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code unveil release claim-bounty}: pays the bounty of a slot slashed by an accusation to the
 * beneficiary its winning commitment bound (anyone may send it; the money goes nowhere else), once
 * the window for earlier commitments has passed (spec/release-protocol.md §6.3).
 */
@Command(name = "claim-bounty", mixinStandardHelpOptions = true,
        description = "Pay a slashed slot's bounty to the beneficiary its accusation bound, once the window for earlier commitments has passed.")
final class ReleaseClaimBountyCommand implements Callable<Integer> {
    @Mixin ChainOptions chain;
    @Mixin ReleaseTarget target;

    @Option(names = "--slot", required = true, paramLabel = "N", description = "The slashed slot (0-based).")
    int slot;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Chain c = chain.connect()) {
            ReleaseClient release = target.client(c);
            BigInteger owed = release.bountyOwed(slot);
            if (owed.signum() == 0) throw new IllegalArgumentException("slot " + slot + " owes no bounty (not slashed, or already paid)");
            BigInteger from = release.bountyClaimableAt(slot);
            Instant now = c.latestBlockTime();
            if (now.getEpochSecond() < from.longValueExact()) {
                throw new IllegalStateException("the bounty of slot " + slot + " can be claimed from " + Instant.ofEpochSecond(from.longValueExact())
                        + " (chain time is " + now + "): until then an earlier commitment may still take it over");
            }
            var receipt = release.claimBounty(chain.sender(c), slot);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("slot", slot);
            result.put(release.paidInEth() ? "bountyWei" : "bounty", owed);
            ChainReceipts.print(spec.commandLine().getOut(), chain.json, result, List.of(ChainReceipts.describe("claimBounty", receipt)));
        }
        return 0;
    }
}
