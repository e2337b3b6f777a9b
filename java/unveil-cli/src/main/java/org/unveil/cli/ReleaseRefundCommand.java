package org.unveil.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseState;
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
            List<Map<String, Object>> txs = new ArrayList<>();
            var s = release.summary();
            if (s.state() == ReleaseState.OPEN && !c.latestBlockTime().isBefore(s.pledgeDeadline())) {
                txs.add(ChainReceipts.describe("expire", release.expire(sender)));
            }
            Map<String, Object> result = new LinkedHashMap<>();
            if (release.paidInEth()) {
                java.math.BigInteger before = c.balance(sender.address());
                var receipt = release.claimRefund(sender);
                txs.add(ChainReceipts.describe("claimRefund", receipt));
                java.math.BigInteger gas = receipt.getGasUsed().multiply(org.web3j.utils.Numeric.decodeQuantity(receipt.getEffectiveGasPrice()));
                result.put("refundedWei", c.balance(sender.address()).subtract(before).add(gas));
            } else {
                var erc20 = org.unveil.eth.Erc20Client.at(c, release.token());
                java.math.BigInteger before = erc20.balanceOf(sender.address());
                txs.add(ChainReceipts.describe("claimRefund", release.claimRefund(sender)));
                result.put("token", release.token());
                result.put("refunded", erc20.balanceOf(sender.address()).subtract(before));
            }
            result.put("state", release.state().label());
            ChainReceipts.print(spec.commandLine().getOut(), chain.json, result, txs);
        }
        return 0;
    }
}
