package org.unveil.cli;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.Wei;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code unveil release pledge}: pledges ETH towards the goal (the contract refuses more than what is still needed). */
@Command(name = "pledge", mixinStandardHelpOptions = true, description = "Pledge towards a release's goal.")
final class ReleasePledgeCommand implements Callable<Integer> {
    @Mixin ChainOptions chain;
    @Mixin ReleaseTarget target;

    @Option(names = "--amount", required = true, paramLabel = "AMOUNT", description = "e.g. 0.5eth, 20gwei, or wei.")
    String amount;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BigInteger wei = Wei.parse(amount);
        try (Chain c = chain.connect()) {
            ReleaseClient release = target.client(c);
            var receipt = release.pledge(chain.sender(c), wei);
            var s = release.summary();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("pledgedWei", wei);
            result.put("totalPledgedWei", s.totalPledged());
            result.put("goalWei", s.goal());
            result.put("state", s.state().label());
            ChainReceipts.print(spec.commandLine().getOut(), chain.json, result, List.of(ChainReceipts.describe("pledge", receipt)));
        }
        return 0;
    }
}
