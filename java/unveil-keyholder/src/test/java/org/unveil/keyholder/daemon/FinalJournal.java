package org.unveil.keyholder.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.unveil.keyholder.store.Action;
import org.unveil.keyholder.store.ActionKind;
import org.unveil.keyholder.store.ActionStatus;
import org.unveil.keyholder.store.KeyholderStore;

/**
 * What a bot journaled for one release, read from its state file once the bot is gone, after the
 * release ended: nothing left signed or sent, its own three steps (enrol, publish, claim) confirmed,
 * and no nonce held by two actions.
 *
 * @param latest the last round of each kind
 * @param nonces the nonce of every action that took one, in every round
 */
record FinalJournal(Map<ActionKind, Action> latest, List<Long> nonces) {
    static FinalJournal read(Path stateFile, long chainId, String release, String who) throws Exception {
        Map<ActionKind, Action> latest = new EnumMap<>(ActionKind.class);
        List<Long> nonces = new ArrayList<>();
        try (KeyholderStore store = KeyholderStore.open(stateFile)) {
            for (Action a : store.journal().forRelease(chainId, release)) {
                assertTrue(a.status() != ActionStatus.SIGNED && a.status() != ActionStatus.BROADCAST, who + ": " + a.key() + " left " + a.status());
                latest.put(a.key().kind(), a);
                a.nonce().ifPresent(nonces::add);
            }
        }
        for (ActionKind k : List.of(ActionKind.ENROL, ActionKind.PUBLISH_SHARE, ActionKind.CLAIM_DEPOSIT)) {
            Action a = latest.get(k);
            assertTrue(a != null, who + ": no " + k + " journaled");
            assertEquals(ActionStatus.CONFIRMED, a.status(), who + ": " + k + " " + a.reason().orElse(""));
        }
        assertEquals(nonces.size(), Set.copyOf(nonces).size(), who + ": two actions share a nonce: " + nonces);
        return new FinalJournal(latest, nonces);
    }
}
