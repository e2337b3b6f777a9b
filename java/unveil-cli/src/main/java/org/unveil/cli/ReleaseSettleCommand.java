package org.unveil.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.Slot;
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
            List<Map<String, Object>> txs = new ArrayList<>();
            ReleaseState state = release.state();
            switch (state) {
                case FUNDED, RELEASED -> txs.add(ChainReceipts.describe("settle", release.settle(sender)));
                case OPEN -> txs.add(ChainReceipts.describe("expire", release.expire(sender)));
                case ENROLLING -> txs.add(ChainReceipts.describe("cancel", release.cancel(sender)));
                default -> { } // already final: only pay-outs remain
            }
            state = release.state();
            if (payOut) {
                for (Slot s : release.slots()) {
                    boolean owed = (s.status() == Slot.Status.ENROLLED || s.status() == Slot.Status.PUBLISHED) && !s.claimed();
                    if (owed) txs.add(ChainReceipts.describe("claimDeposit " + s.index(), release.claimDeposit(sender, s.index())));
                }
                if (state == ReleaseState.SETTLED && !artistPaid(release)) {
                    txs.add(ChainReceipts.describe("claimArtistFee", release.claimArtistFee(sender)));
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("state", state.label());
            ChainReceipts.print(spec.commandLine().getOut(), chain.json, result, txs);
        }
        return 0;
    }

    private static boolean artistPaid(ReleaseClient release) throws java.io.IOException {
        return release.events().stream().anyMatch(e -> e instanceof org.unveil.eth.ReleaseEvent.ArtistFeeClaimed);
    }
}
