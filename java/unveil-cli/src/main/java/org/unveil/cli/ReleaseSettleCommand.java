package org.unveil.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseState;
import org.unveil.release.Anyone;
import org.unveil.release.Transaction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code unveil release settle}: closes the reveal window (or cancels / expires a release whose
 * deadline passed) and, with {@code --pay-out}, pays every keyholder and the artist what they are owed.
 */
@Command(name = "settle", mixinStandardHelpOptions = true,
        description = "Settle a release after its reveal window (or cancel/expire it after its deadline); --pay-out pays keyholders and the artist.")
final class ReleaseSettleCommand implements Callable<Integer> {
    @Mixin ChainOptions chain;
    @Mixin ReleaseTarget target;

    @Option(names = "--pay-out", description = "Also claim every unpaid deposit (to each keyholder's payout address) and the artist's fee.")
    boolean payOut;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Chain c = chain.connect()) {
            ReleaseClient release = target.client(c);
            var sender = chain.sender(c);
            Anyone.Settlement settled = new Anyone(c).settle(sender, release, payOut);
            List<Map<String, Object>> txs = new ArrayList<>();
            for (Transaction t : settled.transactions()) txs.add(ChainReceipts.describe(t.action(), t.receipt()));
            ReleaseState state = settled.state();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("state", state.label());
            ChainReceipts.print(spec.commandLine().getOut(), chain.json, result, txs);
        }
        return 0;
    }
}
