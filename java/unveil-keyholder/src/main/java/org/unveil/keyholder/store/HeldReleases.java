package org.unveil.keyholder.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.unveil.eth.ReleaseState;

/** The releases the bot holds a slot of. A release is recorded once; only its state changes after. */
public final class HeldReleases {
    private static final String COLUMNS = "chain_id, address, factory, slot, state, created_at, updated_at, next_step";
    private final Db db;

    HeldReleases(Db db) {
        this.db = db;
    }

    /** Records that the bot holds {@code slot} of the release, or returns the record if it already does (for that same slot and factory). */
    public HeldRelease hold(long chainId, String address, String factory, int slot, ReleaseState state) throws StoreException {
        String a = Hex.address(address, "release address");
        String f = Hex.address(factory, "factory address");
        if (chainId < 1) throw new IllegalArgumentException("chain id must be >= 1, got " + chainId);
        return db.write("record held release " + a, c -> {
            Optional<HeldRelease> existing = find(c, chainId, a);
            if (existing.isPresent()) {
                HeldRelease e = existing.get();
                if (e.slot() != slot || !e.factory().equals(f)) {
                    throw new JournalRuleException("release " + a + " is already held for slot " + e.slot() + " of factory " + e.factory()
                            + ", not slot " + slot + " of " + f + "; a bot holds one slot per release");
                }
                return e;
            }
            long now = db.now();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO held_release (chain_id, address, factory, slot, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setLong(1, chainId);
                s.setString(2, a);
                s.setString(3, f);
                s.setInt(4, slot);
                s.setString(5, state.name());
                s.setLong(6, now);
                s.setLong(7, now);
                s.executeUpdate();
            }
            return find(c, chainId, a).orElseThrow();
        });
    }

    /**
     * Records the state last seen on chain. Any state may follow any other here: a reorg can undo a
     * transition the bot saw, and the chain, not this record, is the truth.
     */
    public HeldRelease setState(long chainId, String address, ReleaseState state) throws StoreException {
        String a = Hex.address(address, "release address");
        return db.write("update the state of release " + a, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE held_release SET state = ?, updated_at = ? WHERE chain_id = ? AND address = ?")) {
                s.setString(1, state.name());
                s.setLong(2, db.now());
                s.setLong(3, chainId);
                s.setString(4, a);
                if (s.executeUpdate() == 0) throw new StoreException("release " + a + " on chain " + chainId + " is not held by this bot; record it with hold() first");
            }
            return find(c, chainId, a).orElseThrow();
        });
    }

    /** Records the state last seen and what the engine will do next (a sentence for people), if either changed. */
    public void record(long chainId, String address, ReleaseState state, String next) throws StoreException {
        String a = Hex.address(address, "release address");
        db.write("record the state of release " + a, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE held_release SET state = ?, next_step = ?, updated_at = ? WHERE chain_id = ? AND address = ?"
                    + " AND (state <> ? OR next_step IS NOT ?)")) {
                s.setString(1, state.name());
                s.setString(2, next);
                s.setLong(3, db.now());
                s.setLong(4, chainId);
                s.setString(5, a);
                s.setString(6, state.name());
                s.setString(7, next);
                s.executeUpdate();
            }
            return null;
        });
    }

    public Optional<HeldRelease> get(long chainId, String address) throws StoreException {
        String a = Hex.address(address, "release address");
        return db.read("read release " + a, c -> find(c, chainId, a));
    }

    /** Every held release, oldest first. */
    public List<HeldRelease> all() throws StoreException {
        return db.read("list held releases", c -> {
            List<HeldRelease> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM held_release ORDER BY created_at, chain_id, address");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) out.add(row(r));
            }
            return out;
        });
    }

    private static Optional<HeldRelease> find(java.sql.Connection c, long chainId, String address) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM held_release WHERE chain_id = ? AND address = ?")) {
            s.setLong(1, chainId);
            s.setString(2, address);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    private static HeldRelease row(ResultSet r) throws SQLException {
        return new HeldRelease(r.getLong(1), r.getString(2), r.getString(3), r.getInt(4), ReleaseState.valueOf(r.getString(5)),
                Instant.ofEpochMilli(r.getLong(6)), Instant.ofEpochMilli(r.getLong(7)), Optional.ofNullable(r.getString(8)));
    }
}
