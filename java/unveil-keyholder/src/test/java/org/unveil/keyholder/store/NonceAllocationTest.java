package org.unveil.keyholder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.unveil.keyholder.store.TestChain.CHAIN_ID;
import static org.unveil.keyholder.store.TestChain.FACTORY;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.eth.ReleaseState;
import org.web3j.crypto.Credentials;

class NonceAllocationTest {
    private static final Credentials BOT = TestChain.account("bot");
    private static final Credentials OPERATOR = TestChain.account("operator");

    @TempDir
    Path dir;

    @Test
    void theNextNonceIsTheLargerOfLocalAndPendingOnChain() throws Exception {
        try (KeyholderStore store = KeyholderStore.open(dir.resolve("state.db"))) {
            assertEquals(0, take(store, "a", BOT, 0));
            assertEquals(1, take(store, "b", BOT, 0), "the node has not seen nonce 0 yet: local wins");
            assertEquals(7, take(store, "c", BOT, 7), "the account sent from elsewhere: the chain wins");
            assertEquals(8, take(store, "d", BOT, 3));
            assertEquals(2, take(store, "e", OPERATOR, 2), "each account has its own nonces");
            assertEquals(0, take(store, "f", BOT, 0, 1), "and each chain");
        }
    }

    @Test
    void twoStoresOnOneFileNeverGiveTheSameNonce() throws Exception {
        Path file = dir.resolve("state.db");
        try (KeyholderStore a = KeyholderStore.open(file); KeyholderStore b = KeyholderStore.open(file)) {
            assertEquals(0, take(a, "r0", BOT, 0));
            assertEquals(1, take(b, "r1", BOT, 0));
            assertEquals(2, take(a, "r2", BOT, 0));
            assertEquals(3, take(b, "r3", BOT, 1));
        }
        try (KeyholderStore reopened = KeyholderStore.open(file)) {
            assertEquals(4, take(reopened, "r4", BOT, 0), "after a restart the count goes on from the file");
        }
    }

    @Test
    void twoStoresTakingNoncesAtOnceGetEachOneOnce() throws Exception {
        Path file = dir.resolve("state.db");
        int each = 40;
        try (KeyholderStore a = KeyholderStore.open(file); KeyholderStore b = KeyholderStore.open(file);
             var pool = Executors.newFixedThreadPool(2)) {
            var first = pool.submit(() -> takeMany(a, "a", each));
            var second = pool.submit(() -> takeMany(b, "b", each));
            TreeSet<Long> all = new TreeSet<>(first.get());
            all.addAll(second.get());
            // Each write takes the lock at BEGIN: a read-then-write in a deferred transaction would fail with SQLITE_BUSY or repeat a nonce.
            assertEquals(2 * each, all.size(), "no nonce given twice: " + all);
            assertEquals(2L * each - 1, all.last(), "and none skipped");
        }
    }

    private static List<Long> takeMany(KeyholderStore store, String prefix, int n) throws Exception {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(take(store, prefix + i, BOT, 0));
        return out;
    }

    private static long take(KeyholderStore store, String release, Credentials who, long pending) throws Exception {
        return take(store, release, who, pending, CHAIN_ID);
    }

    private static long take(KeyholderStore store, String release, Credentials who, long pending, long chainId) throws Exception {
        String address = TestChain.address(release);
        store.releases().hold(chainId, address, FACTORY, 0, ReleaseState.FUNDED);
        Action a = store.journal().intend(new ActionKey(chainId, address, ActionKind.PUBLISH_SHARE, 0), who.getAddress());
        return store.journal().sign(a.id(), pending, TestChain.signer(who, chainId, 2_000_000_000L, 1_000_000_000L)).nonce().getAsLong();
    }
}
