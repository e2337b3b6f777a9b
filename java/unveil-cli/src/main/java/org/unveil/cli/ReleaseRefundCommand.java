package org.unveil.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import org.unveil.release.Fan;
import org.unveil.release.Transaction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code unveil release refund}: claims what the sender is owed as a fan. An Open release past its
 * pledge deadline is expired first (anyone may), so one command does it.
 */
@Command(name = "refund", mixinStandardHelpOptions = true,
        description = "Claim your refund (after failure) or your share of the fans' pool (after settlement).")
final class ReleaseRefundCommand implements Callable<Integer> {
    @Mixin ChainOptions chain;
    @Mixin ReleaseTarget target;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Chain c = chain.connect()) {
            ReleaseClient release = target.client(c);
            var sender = chain.sender(c);
            Fan.Refund refund = Fan.refund(c, sender, release);
            List<Map<String, Object>> txs = new ArrayList<>();
            for (Transaction t : refund.transactions()) txs.add(ChainReceipts.describe(t.action(), t.receipt()));
            Map<String, Object> result = new LinkedHashMap<>();
            if (release.paidInEth()) {
                result.put("refundedWei", refund.amount());
            } else {
                result.put("token", release.token());
                result.put("refunded", refund.amount());
            }
            result.put("state", release.state().label());
            ChainReceipts.print(spec.commandLine().getOut(), chain.json, result, txs);
        }
        return 0;
    }
}
