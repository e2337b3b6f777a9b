package org.unveil.keyholder.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How far the bot has read each factory's logs, and which logs it has seen. Advancing the cursor
 * and recording the logs of the range read are one transaction, so after a crash the bot re-reads
 * exactly the range it had not finished, and the dedupe set drops whatever it had already seen.
 */
public final class ChainCursors {
    private final Db db;

    ChainCursors(Db db) {
        this.db = db;
    }

    /** The last block processed for this chain and factory; empty before the first. */
    public Optional<BlockRef> get(long chainId, String factory) throws StoreException {
        String f = Hex.address(factory, "factory address");
        return db.read("read the chain cursor", c -> find(c, chainId, f));
    }

    /**
     * Records {@code logs} as seen and moves the cursor to {@code to}, only if the cursor is still
     * at {@code from} (empty: none yet) and {@code to} is not behind it. Returns the logs not seen
     * before, in the order given: the ones to act on.
     */
    public List<LogKey> advance(long chainId, String factory, Optional<BlockRef> from, BlockRef to, List<LogKey> logs) throws StoreException {
        String f = Hex.address(factory, "factory address");
        return db.write("advance the chain cursor to block " + to.number(), c -> {
            Optional<BlockRef> current = requireAt(c, chainId, f, from);
            if (current.isPresent() && to.number() < current.get().number()) {
                throw new JournalRuleException("the chain cursor moves forward only (from block " + current.get().number() + " to " + to.number() + "); use rewind() for a reorg");
            }
            long now = db.now();
            List<LogKey> fresh = record(c, chainId, f, logs, now);
            put(c, chainId, f, to, now);
            return fresh;
        });
    }

    /**
     * After a reorg, in one transaction: {@link #rewind} to {@code ancestor}, then {@link #advance} to
     * {@code to} with the logs read from the new chain. One transaction, so a read that fails after the
     * reorg was found leaves the cursor where it was, and the next read finds the reorg again (and
     * reports it) instead of continuing quietly from the rewound cursor.
     */
    public List<LogKey> rewindAndAdvance(long chainId, String factory, BlockRef from, BlockRef ancestor, BlockRef to, List<LogKey> logs) throws StoreException {
        String f = Hex.address(factory, "factory address");
        if (ancestor.number() > from.number() || to.number() < ancestor.number()) {
            throw new IllegalArgumentException("a rewind goes back from block " + from.number() + " to an ancestor at or below it, then forward; got ancestor "
                    + ancestor.number() + " and target " + to.number());
        }
        return db.write("rewind the chain cursor to block " + ancestor.number() + " and advance it to " + to.number(), c -> {
            requireAt(c, chainId, f, Optional.of(from));
            forgetAfter(c, chainId, f, ancestor.number());
            long now = db.now();
            List<LogKey> fresh = record(c, chainId, f, logs, now);
            put(c, chainId, f, to, now);
            return fresh;
        });
    }

    /**
     * After a reorg: moves the cursor back to {@code to}, a block still on the canonical chain, and
     * forgets the logs of every block after it, so they are acted on again as the new chain has them.
     */
    public void rewind(long chainId, String factory, BlockRef to) throws StoreException {
        String f = Hex.address(factory, "factory address");
        db.write("rewind the chain cursor to block " + to.number(), c -> {
            forgetAfter(c, chainId, f, to.number());
            put(c, chainId, f, to, db.now());
            return null;
        });
    }

    /** Whether this log was recorded as seen. */
    public boolean seen(LogKey log) throws StoreException {
        return db.read("look up a seen log", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM seen_log WHERE block_hash = ? AND tx_hash = ? AND log_index = ?")) {
                s.setString(1, log.blockHash());
                s.setString(2, log.txHash());
                s.setInt(3, log.logIndex());
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    /**
     * The blocks numbered {@code fromNumber} to {@code toNumber} that hold seen logs, newest first,
     * with the hashes they had when read. Besides the cursor they are the only block hashes the store
     * knows, so they are what a watcher compares with the node's to find where a reorg began.
     */
    public List<BlockRef> seenBlocks(long chainId, String factory, long fromNumber, long toNumber) throws StoreException {
        String f = Hex.address(factory, "factory address");
        return db.read("read the blocks of the seen logs", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT block_number, block_hash FROM seen_log "
                    + "WHERE chain_id = ? AND factory = ? AND block_number BETWEEN ? AND ? ORDER BY block_number DESC, block_hash")) {
                s.setLong(1, chainId);
                s.setString(2, f);
                s.setLong(3, fromNumber);
                s.setLong(4, toNumber);
                List<BlockRef> blocks = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) blocks.add(new BlockRef(r.getLong(1), r.getString(2)));
                }
                return blocks;
            }
        });
    }

    /** The cursor as stored, refused unless it is still where the caller read it ({@code from}). */
    private static Optional<BlockRef> requireAt(Connection c, long chainId, String factory, Optional<BlockRef> from) throws SQLException, JournalRuleException {
        Optional<BlockRef> current = find(c, chainId, factory);
        if (!current.equals(from)) {
            throw new JournalRuleException("the chain cursor of factory " + factory + " is at " + current.map(Object::toString).orElse("no block")
                    + ", not at " + from.map(Object::toString).orElse("no block") + " as the caller read it; read it again and re-run the range");
        }
        return current;
    }

    /** Records the logs as seen; returns those not seen before, in the order given. */
    private static List<LogKey> record(Connection c, long chainId, String factory, List<LogKey> logs, long now) throws SQLException {
        List<LogKey> fresh = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("INSERT OR IGNORE INTO seen_log (block_hash, tx_hash, log_index, chain_id, factory, block_number, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (LogKey log : logs) {
                s.setString(1, log.blockHash());
                s.setString(2, log.txHash());
                s.setInt(3, log.logIndex());
                s.setLong(4, chainId);
                s.setString(5, factory);
                s.setLong(6, log.blockNumber());
                s.setLong(7, now);
                if (s.executeUpdate() == 1) fresh.add(log);
            }
        }
        return fresh;
    }

    private static void forgetAfter(Connection c, long chainId, String factory, long number) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM seen_log WHERE chain_id = ? AND factory = ? AND block_number > ?")) {
            s.setLong(1, chainId);
            s.setString(2, factory);
            s.setLong(3, number);
            s.executeUpdate();
        }
    }

    private static void put(Connection c, long chainId, String factory, BlockRef to, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO chain_cursor (chain_id, factory, block_number, block_hash, updated_at) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (chain_id, factory) DO UPDATE SET block_number = excluded.block_number, block_hash = excluded.block_hash, updated_at = excluded.updated_at")) {
            s.setLong(1, chainId);
            s.setString(2, factory);
            s.setLong(3, to.number());
            s.setString(4, to.hash());
            s.setLong(5, now);
            s.executeUpdate();
        }
    }

    private static Optional<BlockRef> find(Connection c, long chainId, String factory) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT block_number, block_hash FROM chain_cursor WHERE chain_id = ? AND factory = ?")) {
            s.setLong(1, chainId);
            s.setString(2, factory);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new BlockRef(r.getLong(1), r.getString(2))) : Optional.empty();
            }
        }
    }
}
