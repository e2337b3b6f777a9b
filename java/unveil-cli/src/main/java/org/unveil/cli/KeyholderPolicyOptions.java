package org.unveil.cli;

import java.io.IOException;
import org.unveil.eth.Chain;
import org.unveil.release.KeyholderPolicy;
import picocli.CommandLine.Option;

/**
 * The terms a keyholder accepts, as options of {@code release enrol}: each one narrows
 * {@link KeyholderPolicy#DEFAULTS}, and a release outside them is refused with every reason.
 */
final class KeyholderPolicyOptions {
    @Option(names = "--min-reveal-window", paramLabel = "DURATION",
            description = "Refuse a reveal window shorter than this (default 1h): you must see the funding and publish in it.")
    String minRevealWindow;

    @Option(names = "--max-reveal-window", paramLabel = "DURATION", description = "Refuse a reveal window longer than this (default 90d).")
    String maxRevealWindow;

    @Option(names = "--max-deposit", paramLabel = "AMOUNT", description = "Refuse a deposit larger than this (default: any).")
    String maxDeposit;

    @Option(names = "--min-keyholder-fee", paramLabel = "AMOUNT", description = "Refuse a keyholder fee smaller than this (default: any).")
    String minKeyholderFee;

    @Option(names = "--max-lock", paramLabel = "DURATION",
            description = "Refuse a release that may keep your deposit locked longer than this from now (default 365d): "
                    + "until its pledge deadline, the reveal window and the accusation window after it.")
    String maxLock;

    /** The policy these options give, amounts in the release's {@code token}. */
    KeyholderPolicy policy(String token, Chain chain) throws IOException {
        KeyholderPolicy p = KeyholderPolicy.DEFAULTS;
        if (minRevealWindow != null || maxRevealWindow != null) {
            p = p.withRevealWindow(minRevealWindow == null ? p.minRevealWindow() : TimeArgs.duration(minRevealWindow, "--min-reveal-window"),
                    maxRevealWindow == null ? p.maxRevealWindow() : TimeArgs.duration(maxRevealWindow, "--max-reveal-window"));
        }
        if (maxDeposit != null) p = p.withMaxDeposit(Amounts.parse(maxDeposit, "--max-deposit", token, chain));
        if (minKeyholderFee != null) p = p.withMinKeyholderFee(Amounts.parse(minKeyholderFee, "--min-keyholder-fee", token, chain));
        if (maxLock != null) p = p.withMaxLock(TimeArgs.duration(maxLock, "--max-lock"));
        return p;
    }
}
