package org.unveil.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseStatus;
import org.unveil.eth.ReleaseSummary;
import org.unveil.eth.Slot;
import org.unveil.eth.Wei;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code unveil release status}: the release's figures, slots and published keys (rebuilt from its logs). */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show a release: state, money, deadlines, slots and published keys.")
final class ReleaseStatusCommand implements Callable<Integer> {
    @Mixin ChainOptions chain;
    @Mixin ReleaseTarget target;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Chain c = chain.connect()) {
            ReleaseStatus st = target.client(c).status();
            ReleaseSummary s = st.summary();
            PrintWriter out = spec.commandLine().getOut();
            if (chain.json) {
                Json.print(out, toMap(st));
                return 0;
            }
            out.printf("release   %s (chain %d)%n", st.address(), c.chainId());
            out.printf("state     %s%n", s.state().label());
            out.printf("artist    %s%n", s.artist());
            String token = st.params().token();
            out.printf("pledged   %s of goal %s%n", money(s.totalPledged(), token), money(s.goal(), token));
            out.printf("deposit   %s per keyholder, fee %s%n", money(st.params().deposit(), token), money(st.params().keyholderFee(), token));
            out.printf("enrol by  %s%npledge by %s%n", s.enrolDeadline(), s.pledgeDeadline());
            s.revealDeadline().ifPresent(t -> out.printf("reveal by %s%n", t));
            out.printf("slots     %d enrolled, %d published of %d%n", s.enrolledCount(), s.publishedCount(), s.slotCount());
            for (Slot slot : st.slots()) {
                out.printf("  slot %d group %d key %s %s%s%s%n", slot.index(), slot.group(), slot.releaseKey(), slot.status().name().toLowerCase(),
                        slot.keyholder().map(k -> " by " + k).orElse(""), st.publishedKeys().containsKey(slot.index()) ? " (key on chain)" : "");
            }
            if (st.secret().isPresent()) out.println("secret    published by the artist");
            out.flush();
        }
        return 0;
    }

    /** ETH amounts as ETH and wei; token amounts in base units (the JSON keys say Wei for both; "token" tells which). */
    private static String money(java.math.BigInteger amount, String token) {
        return org.unveil.eth.ReleaseParams.ETH.equalsIgnoreCase(token) ? Wei.format(amount) : amount + " base units of token " + token;
    }

    private static Map<String, Object> toMap(ReleaseStatus st) {
        ReleaseSummary s = st.summary();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("release", st.address());
        m.put("state", s.state().label());
        m.put("artist", s.artist());
        m.put("token", s.token());
        m.put("goalWei", s.goal());
        m.put("totalPledgedWei", s.totalPledged());
        m.put("fanPoolWei", s.fanPool());
        m.put("depositWei", st.params().deposit());
        m.put("keyholderFeeWei", st.params().keyholderFee());
        m.put("enrolDeadline", s.enrolDeadline().toString());
        m.put("pledgeDeadline", s.pledgeDeadline().toString());
        m.put("revealDeadline", s.revealDeadline().map(Object::toString).orElse(null));
        m.put("secretAddress", st.params().secretAddress());
        m.put("manifestHash", org.web3j.utils.Numeric.toHexString(st.params().manifestHash()));
        List<Map<String, Object>> slots = new ArrayList<>();
        for (Slot slot : st.slots()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("slot", slot.index());
            sm.put("group", slot.group());
            sm.put("releaseKey", slot.releaseKey());
            sm.put("keyholder", slot.keyholder().orElse(null));
            sm.put("status", slot.status().name().toLowerCase());
            sm.put("publishedKey", st.publishedKeys().containsKey(slot.index())
                    ? org.web3j.utils.Numeric.toHexStringWithPrefixZeroPadded(st.publishedKeys().get(slot.index()), 64) : null);
            slots.add(sm);
        }
        m.put("slots", slots);
        m.put("secretPublished", st.secret().isPresent());
        return m;
    }
}
