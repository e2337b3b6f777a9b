package org.unveil.keyholder.store;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import org.unveil.eth.ReleaseState;
import org.web3j.crypto.Credentials;

/**
 * The writer that {@link JournalCrashTest} kills: a restarted daemon's loop at full speed. It first
 * stamps whatever was left SIGNED as re-sent, then journals, signs, broadcasts, bumps and confirms
 * actions until it is killed. Each line it prints is printed only after the step's commit returned,
 * so every line is a promise the file must keep.
 */
public final class JournalCrashChild {
    private JournalCrashChild() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        Random rnd = new Random(seed);
        Credentials[] accounts = {TestChain.account("bot"), TestChain.account("operator")};
        try (KeyholderStore store = KeyholderStore.open(file)) {
            ActionJournal journal = store.journal();
            for (Action a : journal.pendingResends()) {
                if (a.status() == ActionStatus.SIGNED) journal.markBroadcast(a.id(), a.latest().orElseThrow().txHash());
            }
            say("READY");
            for (int i = 0; ; i++) {
                String release = TestChain.address("seed " + seed + " release " + i);
                Credentials who = accounts[rnd.nextInt(accounts.length)];
                store.releases().hold(TestChain.CHAIN_ID, release, TestChain.FACTORY, i % 32, ReleaseState.FUNDED);
                Action a = journal.intend(new ActionKey(TestChain.CHAIN_ID, release, ActionKind.PUBLISH_SHARE, i % 32), who.getAddress());
                long fee = 1_000_000_000L + rnd.nextInt(1_000_000);
                a = journal.sign(a.id(), 0, TestChain.signer(who, TestChain.CHAIN_ID, 2 * fee, fee));
                say("SIGNED " + a.id() + " 1 " + HexFormat.of().formatHex(a.latest().orElseThrow().rawTransaction()));
                int next = rnd.nextInt(4);
                if (next == 0) continue;
                a = journal.markBroadcast(a.id(), a.latest().orElseThrow().txHash());
                if (next == 2) {
                    a = journal.bump(a.id(), TestChain.signer(who, TestChain.CHAIN_ID, 3 * fee, 2 * fee));
                    say("SIGNED " + a.id() + " 2 " + HexFormat.of().formatHex(a.latest().orElseThrow().rawTransaction()));
                }
                if (next >= 2) journal.confirm(a.id(), a.latest().orElseThrow().txHash());
            }
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
