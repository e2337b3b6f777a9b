package org.unveil.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import org.unveil.release.Anyone;
import org.unveil.release.Transaction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code unveil release withdraw-credit}: pulls what the release and its registry kept for the
 * sender because its address rejected a payment (spec/release-protocol.md §9, "Failed payouts are
 * pull balances"). Only the payee itself can withdraw, so this is signed with the payee's key.
 */
@Command(name = "withdraw-credit", mixinStandardHelpOptions = true,
        description = "Withdraw payments your address rejected earlier (a deposit payout, a snitch reward), kept as credits by the release and its registry.")
final class ReleaseWithdrawCreditCommand implements Callable<Integer> {
    @Mixin ChainOptions chain;
    @Mixin ReleaseTarget target;

    @Option(names = "--from", defaultValue = "both", paramLabel = "release|registry|both",
            converter = SourceConverter.class, description = "Where to withdraw from (default ${DEFAULT-VALUE}): the release, its registry, or both.")
    Anyone.CreditSource from;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Chain c = chain.connect()) {
            ReleaseClient release = target.client(c);
            Anyone.Withdrawal w = new Anyone(c).withdrawCredit(chain.sender(c), release, from);
            List<Map<String, Object>> txs = new ArrayList<>();
            for (Transaction t : w.transactions()) txs.add(ChainReceipts.describe(t.action(), t.receipt()));
            ChainReceipts.print(spec.commandLine().getOut(), chain.json, ReleaseStatusCommand.creditMap(w.withdrawn()), txs);
        }
        return 0;
    }

    /** {@code release}, {@code registry} or {@code both}, in any case. */
    static final class SourceConverter implements CommandLine.ITypeConverter<Anyone.CreditSource> {
        @Override
        public Anyone.CreditSource convert(String value) {
            try {
                return Anyone.CreditSource.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expected release, registry or both, got '" + value + "'");
            }
        }
    }
}
