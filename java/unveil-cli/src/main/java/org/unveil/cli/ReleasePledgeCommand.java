package org.unveil.cli;

import java.math.BigInteger;
import java.util.ArrayList;
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
 * {@code unveil release pledge}: pledges towards the goal (the contract refuses more than what is
 * still needed), in ETH or, for a token release, in its token after approving exactly the amount.
 */
@Command(name = "pledge", mixinStandardHelpOptions = true, description = "Pledge towards a release's goal.")
final class ReleasePledgeCommand implements Callable<Integer> {
    @Mixin ChainOptions chain;
    @Mixin ReleaseTarget target;

    @Option(names = "--amount", required = true, paramLabel = "AMOUNT",
            description = "e.g. 0.5eth, 20gwei, or wei; for a token release base units or e.g. 2.5USDC (the token's symbol).")
    String amount;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Chain c = chain.connect()) {
            ReleaseClient release = target.client(c);
            var sender = chain.sender(c);
            BigInteger value = Amounts.positive(amount, "--amount", release.token(), c);
            List<Map<String, Object>> txs = new ArrayList<>();
            release.approvePayment(sender, value).ifPresent(r -> txs.add(ChainReceipts.describe("approve", r)));
            txs.add(ChainReceipts.describe("pledge", release.pledge(sender, value)));
            var s = release.summary();
            Map<String, Object> result = new LinkedHashMap<>();
            if (release.paidInEth()) {
                result.put("pledgedWei", value);
                result.put("totalPledgedWei", s.totalPledged());
                result.put("goalWei", s.goal());
            } else {
                result.put("token", release.token());
                result.put("pledged", value);
                result.put("totalPledged", s.totalPledged());
                result.put("goal", s.goal());
            }
            result.put("state", s.state().label());
            ChainReceipts.print(spec.commandLine().getOut(), chain.json, result, txs);
        }
        return 0;
    }
}
