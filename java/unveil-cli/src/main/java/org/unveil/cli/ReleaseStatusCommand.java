package org.unveil.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.math.BigInteger;
import java.util.Optional;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseParams;
import org.unveil.release.Anyone;
import org.unveil.eth.ReleaseStatus;
import org.unveil.eth.ReleaseSummary;
import org.unveil.eth.Slot;
import org.unveil.eth.Wei;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code unveil release status}: the release's figures, slots, published shares and the secret once
 * on chain (rebuilt from its logs), and the credits (rejected payments) still owed to the
 * {@code --key-file} account and to every payee the logs show was credited.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a release: state, archive CID, money, deadlines, slots, published shares, the secret once on chain, credits owed (yours with --key-file) and what to run next.")
final class ReleaseStatusCommand implements Callable<Integer> {
    @Mixin ChainOptions chain;
    @Mixin ReleaseTarget target;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Chain c = chain.connect()) {
            ReleaseClient release = target.client(c);
            ReleaseStatus st = release.status();
            ReleaseSummary s = st.summary();
            // --key-file only names whose credit to show: status signs nothing
            Optional<String> account = chain.keyFile == null ? Optional.empty() : Optional.of(chain.credentials().getAddress());
            List<Anyone.Credits> credits = new Anyone(c).creditsToShow(release, st, account);
            PrintWriter out = spec.commandLine().getOut();
            if (chain.json) {
                Map<String, Object> m = toMap(st);
                m.put("credits", credits.stream().map(ReleaseStatusCommand::creditMap).toList());
                Json.print(out, m);
                return 0;
            }
            String token = st.params().token();
            out.printf("release          %s (chain %d)%n", st.address(), c.chainId());
            out.printf("state            %s%n", s.state().label());
            out.printf("artist           %s%n", s.artist());
            out.printf("archive cid      %s%n", archiveCid(st));
            out.printf("manifest sha256  %s%n", org.web3j.utils.Numeric.toHexStringNoPrefix(st.params().manifestHash()));
            out.printf("secret address   %s%n", st.params().secretAddress());
            out.printf("pledged          %s of goal %s%n", money(s.totalPledged(), token), money(s.goal(), token));
            out.printf("deposit          %s per keyholder%n", money(st.params().deposit(), token));
            out.printf("keyholder fee    %s per publishing keyholder%n", money(st.params().keyholderFee(), token));
            out.printf("enrol deadline   %s%npledge deadline  %s%n", s.enrolDeadline(), s.pledgeDeadline());
            s.revealDeadline().ifPresent(t -> out.printf("reveal deadline  %s%n", t));
            out.printf("slots            %d enrolled, %d published of %d%n", s.enrolledCount(), s.publishedCount(), s.slotCount());
            for (Slot slot : st.slots()) {
                out.printf("  slot %d group %d key %s %s%s%n", slot.index(), slot.group(), slot.releaseKey(), slot.status().name().toLowerCase(),
                        slot.keyholder().map(k -> " by " + k).orElse(""));
                if (st.publishedShares().containsKey(slot.index())) out.printf("    published share %s%n", hex32(st.publishedShares().get(slot.index())));
            }
            for (int g : st.invalidGroups()) out.printf("group %d          invalid: its shares do not recombine to the secret (the artist's share addresses)%n", g);
            st.secret().ifPresent(secret -> out.printf("secret s         %s (%s)%n", hex32(secret),
                    st.secretRecovered() ? "recombined on chain from a group's shares" : "published by the artist"));
            for (Anyone.Credits cr : credits) out.printf("credit           %s%n", creditLine(cr, st));
            for (String next : nextSteps(st)) out.printf("next             %s%n", next);
            out.flush();
        }
        return 0;
    }

    private static String archiveCid(ReleaseStatus st) {
        try {
            return org.unveil.ipfs.Cid.fromBytes(st.params().archiveCid()).toString();
        } catch (IllegalArgumentException e) {
            return "0x" + java.util.HexFormat.of().formatHex(st.params().archiveCid()) + " (not a CID this client reads)";
        }
    }

    private static String hex32(java.math.BigInteger v) {
        return org.web3j.utils.Numeric.toHexStringWithPrefixZeroPadded(v, 64);
    }

    /** What to run next in this state, for whoever can act on it: the point of the status for a new user. */
    static List<String> nextSteps(ReleaseStatus st) {
        ReleaseSummary s = st.summary();
        String a = st.address();
        String cid = archiveCid(st);
        return switch (s.state()) {
            case ENROLLING -> List.of("keyholders enrol by " + s.enrolDeadline() + ": unveil release enrol --release " + a
                    + " --slot N --release-key-file K --archive FILE (" + (s.slotCount() - s.enrolledCount()) + " slot(s) vacant)",
                    "after " + s.enrolDeadline() + " without every slot taken: unveil release settle --release " + a + " (cancels; deposits return)");
            case SAMPLING -> List.of("the artist reveals the sampled fragments' keys (once the beacon block, 5 blocks after the last enrolment, is mined): "
                    + "unveil release reveal-samples --release " + a + " --secret-file FILE --archive FILE",
                    "if they are not revealed in time: unveil release settle --release " + a + " (cancels; deposits return)");
            case OPEN -> List.of("fans pledge by " + s.pledgeDeadline() + ": unveil release pledge --release " + a + " --amount AMOUNT --gateway URL ("
                    + money(s.remaining(), st.params().token()) + " still needed)", "check it first (the pledge can run it for you with --gateway): unveil release verify --release " + a + " --gateway URL");
            case FUNDED -> List.of("keyholders publish their shares: unveil release publish-share --release " + a
                    + " --slot N --release-key-file K --archive FILE",
                    "the artist can release by hand: unveil release author-release --release " + a + " --secret-file FILE");
            case RELEASED, SETTLED -> {
                List<String> steps = new ArrayList<>();
                steps.add("anyone can decrypt: unveil ipfs get " + cid + " --gateway URL --out release.tar, then unveil unpack release.tar --out DIR --release " + a
                        + " --rpc URL (reads the secret above from the chain)");
                steps.add("or in one step: unveil release unlock --release " + a + " --gateway URL --out DIR --rpc URL");
                if (s.state() == org.unveil.eth.ReleaseState.RELEASED) {
                    steps.add("after the reveal deadline" + s.revealDeadline().map(t -> " " + t).orElse("") + ": unveil release settle --release " + a + " --pay-out");
                }
                yield steps;
            }
            case FAILED, CANCELLED -> {
                List<String> steps = new ArrayList<>();
                if (s.secretPublished()) {
                    steps.add("the secret is out, but the sampled keys the artist revealed do not derive from it: the work was sealed to other keys,"
                            + " so the release failed and every pledge and deposit returns");
                }
                steps.add("fans take their pledges back: unveil release refund --release " + a);
                steps.add("keyholders' deposits: unveil release settle --release " + a + " --pay-out");
                yield steps;
            }
            case NONE -> List.of("this address holds no initialised release: check --release and --rpc");
        };
    }

    /** One payee's credits as a sentence, with the command that withdraws them. */
    private static String creditLine(Anyone.Credits cr, ReleaseStatus st) {
        if (!cr.any()) return cr.account() + ": none";
        String token = st.params().token();
        List<String> parts = new ArrayList<>();
        if (cr.release().signum() > 0) parts.add(money(cr.release(), token) + " from the release");
        cr.registry().forEach((t, v) -> {
            if (v.signum() > 0) parts.add(money(v, t) + " from the registry");
        });
        return cr.account() + ": " + String.join(", ", parts) + "; the payee withdraws it: unveil release withdraw-credit --release "
                + st.address() + " --key-file ITS_KEY";
    }

    /**
     * Credits as JSON keys: the release's in its currency and the registry's in ETH say Wei (as the
     * other status keys do); a token release's registry credit in the token is {@code registryTokenCredit}.
     */
    static Map<String, Object> creditMap(Anyone.Credits cr) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", cr.account());
        m.put("releaseCreditWei", cr.release());
        m.put("registryCreditWei", cr.registry().getOrDefault(ReleaseParams.ETH, BigInteger.ZERO));
        cr.registry().forEach((t, v) -> {
            if (!ReleaseParams.ETH.equalsIgnoreCase(t)) m.put("registryTokenCredit", v);
        });
        return m;
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
        m.put("archiveCid", archiveCid(st));
        List<Map<String, Object>> slots = new ArrayList<>();
        for (Slot slot : st.slots()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("slot", slot.index());
            sm.put("group", slot.group());
            sm.put("releaseKey", slot.releaseKey());
            sm.put("keyholder", slot.keyholder().orElse(null));
            sm.put("status", slot.status().name().toLowerCase());
            sm.put("claimed", slot.claimed());
            sm.put("shareAddress", st.params().shareAddresses().get(slot.index()));
            sm.put("publishedShare", st.publishedShares().containsKey(slot.index())
                    ? org.web3j.utils.Numeric.toHexStringWithPrefixZeroPadded(st.publishedShares().get(slot.index()), 64) : null);
            slots.add(sm);
        }
        m.put("slots", slots);
        m.put("secretPublished", st.secret().isPresent());
        m.put("secretRecovered", st.secretRecovered());
        m.put("invalidGroups", st.invalidGroups());
        m.put("secret", st.secret().map(ReleaseStatusCommand::hex32).orElse(null));
        m.put("next", nextSteps(st));
        return m;
    }
}
