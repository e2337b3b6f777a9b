package org.unveil.keyholder.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The single writer of an account's nonces. It is called only inside the journal transaction that
 * stores the action taking the nonce (under SQLite's write lock), so two actions, two threads or two
 * processes on the same file can never be given the same nonce, and a nonce is never given without
 * the bytes signed for it being stored at the same commit.
 */
final class NonceAllocator {
    private NonceAllocator() {}

    /**
     * max(highest nonce this store gave the account + 1, the chain's pending nonce): the local count
     * covers transactions the node has not seen yet (or forgot), the chain's covers ones sent from
     * the same account by anything else.
     */
    static long nextNonce(Connection c, long chainId, String account, long pendingNonceFromChain) throws SQLException {
        if (pendingNonceFromChain < 0) throw new IllegalArgumentException("the chain's pending nonce must be >= 0, got " + pendingNonceFromChain);
        try (PreparedStatement q = c.prepareStatement("SELECT max(nonce) FROM action WHERE chain_id = ? AND account = ?")) {
            q.setLong(1, chainId);
            q.setString(2, account);
            try (ResultSet r = q.executeQuery()) {
                long highest = r.getLong(1);
                long local = r.wasNull() ? 0 : highest + 1;
                return Math.max(local, pendingNonceFromChain);
            }
        }
    }
}
