package org.unveil.cli;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import org.unveil.release.Fan;
import org.unveil.release.Gateways;
import org.unveil.release.Transaction;
import org.unveil.release.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code unveil release pledge}: pledges up to an amount towards the goal (the contract takes what
 * is still needed, at most that, and sends the rest of the ETH back), in ETH or, for a token
 * release, in its token after approving what it can take.
 * The rule: a pledge needs either a verify pass ({@code --gateway}: {@link Fan#verify} runs first
 * and a SUSPECT verdict refuses, printing why) or the explicit {@code --unverified} override.
 */
@Command(name = "pledge", mixinStandardHelpOptions = true, description = {"Pledge up to --amount towards a release's goal: the release takes what it still needs, at most that, and sends the rest back.", "", "Give --gateway to verify the release first (as `release verify`; a suspect release is refused), or --unverified to pledge without checking: one of the two is required."})
final class ReleasePledgeCommand implements Callable<Integer> {
    @Mixin ChainOptions chain;
    @Mixin ReleaseTarget target;

    @Option(names = "--amount", required = true, paramLabel = "AMOUNT",
            description = "The most to pledge, e.g. 0.5eth, 20gwei, or wei; for a token release base units or e.g. 2.5USDC (the token's symbol).")
    String amount;

    @ArgGroup(exclusive = true, multiplicity = "1",
            heading = "Verify first (a suspect release is refused), or say you will not:%n")
    Check check;

    static final class Check {
        @Option(names = "--gateway", paramLabel = "URL", split = ",",
                description = "Run `release verify` with these trustless gateways first; pledge only if its verdict is OK.")
        List<String> gateways;

        @Option(names = "--unverified", description = "Pledge without verifying the release (you checked it some other way).")
        boolean unverified;
    }

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Chain c = chain.connect()) {
            ReleaseClient release = target.client(c);
            var sender = chain.sender(c);
            BigInteger value = Amounts.positive(amount, "--amount", release.token(), c);
            Fan.Pledge sent;
            if (check.unverified) {
                sent = Fan.pledgeUnverified(sender, release, value);
            } else {
                Verdict v = new Fan(c, Gateways.of(check.gateways)).verify(release, null);
                if (!v.ok()) VerdictPrinter.print(spec.commandLine().getErr(), v, false);
                sent = Fan.pledge(sender, release, value, v);
            }
            List<Map<String, Object>> txs = new ArrayList<>();
            for (Transaction t : sent.transactions()) txs.add(ChainReceipts.describe(t.action(), t.receipt()));
            var s = release.summary();
            Map<String, Object> result = new LinkedHashMap<>();
            if (release.paidInEth()) {
                result.put("pledgedWei", sent.taken());
                if (sent.returned().signum() > 0) result.put("returnedWei", sent.returned());
                result.put("totalPledgedWei", s.totalPledged());
                result.put("goalWei", s.goal());
            } else {
                result.put("token", release.token());
                result.put("pledged", sent.taken());
                if (sent.returned().signum() > 0) result.put("notTaken", sent.returned());
                result.put("totalPledged", s.totalPledged());
                result.put("goal", s.goal());
            }
            result.put("verified", !check.unverified);
            result.put("state", s.state().label());
            ChainReceipts.print(spec.commandLine().getOut(), chain.json, result, txs);
        }
        return 0;
    }
}
