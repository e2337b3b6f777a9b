package org.unveil.keyholder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.unveil.keyholder.store.TestChain.CHAIN_ID;
import static org.unveil.keyholder.store.TestChain.FACTORY;

import java.nio.file.Path;
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
