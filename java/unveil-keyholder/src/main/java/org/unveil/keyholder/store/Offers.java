package org.unveil.keyholder.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.unveil.eth.hiring.HiringMessageException;
import org.unveil.eth.hiring.Signed;
import org.unveil.eth.hiring.Solicitation;

/**
 * The solicitations the bot accepted and the artists' nonces it has seen (spec/keyholder-protocol.md
 * sections 5 and 8.2). {@link #accept} is one transaction: the nonce, the capacity and the one-slot-
 * per-release rule are checked and the offer recorded under the same write lock, so two solicitations
 * racing for the last slot, or one replayed, cannot both be taken.
 *
 * <p>A slot is in use while an offer for it stands and its release is not created, and while the bot
 * holds a release not yet ended ({@link HeldReleases}): an offer that lapsed unused frees its slot.
 */
public final class Offers {
    /** What {@link #accept} did. */
    public enum Acceptance {
        /** Recorded a new offer. */
        NEW,
        /** The same terms solicited again: the offer is renewed, for the same release key. */
        RENEWED,
        /** The artist's nonce was seen before; nothing recorded. */
        REPLAYED_NONCE,
        /** An offer with other terms stands for this release; nothing recorded. */
        OTHER_TERMS,
        /** Every slot is in use; nothing recorded. */
        NO_CAPACITY
    }

    /** Nonces are kept until the solicitation expires plus the skew a receiver allows. */
    static final long NONCE_SKEW_SECONDS = 60;
    private static final String COLUMNS = "chain_id, release, factory, group_index, slot, artist, solicitation, solicitation_hash, "
            + "release_key, valid_until, archive_cid, created_at";
    private static final String ENDED_STATES = "('SETTLED','CANCELLED','FAILED')";

    private final Db db;

    Offers(Db db) {
        this.db = db;
    }

    /**
     * Records {@code offer} and its solicitation's nonce, unless the nonce was seen, another offer
     * stands for the release with other terms, or (for an offer that takes a new slot) all
     * {@code maxSlots} are in use at {@code nowSeconds}. Forgets the nonces past their time first.
     */
    public Acceptance accept(AcceptedOffer offer, long nowSeconds, int maxSlots) throws StoreException {
        if (maxSlots < 0) throw new IllegalArgumentException("maxSlots must be >= 0, got " + maxSlots);
        Solicitation s = offer.terms();
        return db.write("record the offer for release " + offer.release(), c -> {
            forgetNonces(c, nowSeconds);
            if (nonceSeen(c, s.artist(), s.nonce())) return Acceptance.REPLAYED_NONCE;
            Optional<AcceptedOffer> existing = find(c, offer.chainId(), offer.release());
            boolean inUse = existing.isPresent() && (existing.get().standsAt(nowSeconds) || held(c, offer.chainId(), offer.release()));
            boolean same = existing.isPresent() && existing.get().hasTermsOf(s);
            if (inUse && !same) return Acceptance.OTHER_TERMS;
            if (!inUse && slotsInUse(c, nowSeconds) >= maxSlots) return Acceptance.NO_CAPACITY;
            recordNonce(c, s, nowSeconds);
            if (existing.isPresent()) {
                // Same terms keep the archive received for them; a lapsed offer replaced by other terms does not.
                replace(c, offer, same ? existing.get().archiveCid() : Optional.empty());
                return same ? Acceptance.RENEWED : Acceptance.NEW;
            }
            insert(c, offer);
            return Acceptance.NEW;
        });
    }

    /** Whether {@code (artist, nonce)} is remembered (a solicitation that used it has not yet expired). */
    public boolean nonceSeen(String artist, String nonce) throws StoreException {
        String a = Hex.address(artist, "artist");
        String n = Hex.hash(nonce, "nonce");
        return db.read("look up a solicitation nonce", c -> nonceSeen(c, a, n));
    }

    public Optional<AcceptedOffer> get(long chainId, String release) throws StoreException {
        String r = Hex.address(release, "release address");
        return db.read("read the offer for release " + r, c -> find(c, chainId, r));
    }

    /** The offers that still hold at {@code nowSeconds}, oldest first: the releases the bot waits to see created. */
    public List<AcceptedOffer> standing(long nowSeconds) throws StoreException {
        return db.read("list standing offers", c -> {
            List<AcceptedOffer> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM offer WHERE valid_until >= ? ORDER BY created_at, release")) {
                q.setLong(1, nowSeconds);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) out.add(row(r));
                }
            }
            return out;
        });
    }

    /**
     * The standing offers whose release the bot does not hold yet: what the engine must start
     * holding. A held release is the engine's from then on, so a pass reads (and parses) only the
     * offers that are new, not every one it ever made.
     */
    public List<AcceptedOffer> standingUnheld(long nowSeconds) throws StoreException {
        return db.read("list standing offers not yet held", c -> {
            List<AcceptedOffer> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM offer WHERE valid_until >= ? AND NOT EXISTS"
                    + " (SELECT 1 FROM held_release h WHERE h.chain_id = offer.chain_id AND h.address = offer.release) ORDER BY created_at, release")) {
                q.setLong(1, nowSeconds);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) out.add(row(r));
                }
            }
            return out;
        });
    }

    /** How many slots are taken at {@code nowSeconds}: standing offers of releases not yet created, and held releases not ended. */
    public int slotsInUse(long nowSeconds) throws StoreException {
        return db.read("count the slots in use", c -> slotsInUse(c, nowSeconds));
    }

    /** Records the archive received for the release's offer. */
    public void setArchive(long chainId, String release, String cid) throws StoreException {
        String r = Hex.address(release, "release address");
        if (cid == null || cid.length() < 8 || cid.length() > 128) throw new IllegalArgumentException("archive CID must be 8 to 128 characters, got " + cid);
        db.write("record the archive of release " + r, c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE offer SET archive_cid = ?, updated_at = ? WHERE chain_id = ? AND release = ?")) {
                u.setString(1, cid);
                u.setLong(2, db.now());
                u.setLong(3, chainId);
                u.setString(4, r);
                if (u.executeUpdate() == 0) throw new StoreException("no offer for release " + r + " on chain " + chainId + "; an archive is taken only for an offered release");
            }
            return null;
        });
    }

    /** Forgets the nonces whose solicitations have expired by {@code nowSeconds}; returns how many. */
    public int forgetNonces(long nowSeconds) throws StoreException {
        return db.write("forget expired nonces", c -> forgetNonces(c, nowSeconds));
    }

    private static int forgetNonces(Connection c, long nowSeconds) throws SQLException {
        try (PreparedStatement d = c.prepareStatement("DELETE FROM solicitation_nonce WHERE forget_after < ?")) {
            d.setLong(1, nowSeconds);
            return d.executeUpdate();
        }
    }

    private static boolean nonceSeen(Connection c, String artist, String nonce) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM solicitation_nonce WHERE artist = ? AND nonce = ?")) {
            q.setString(1, artist);
            q.setString(2, nonce);
            try (ResultSet r = q.executeQuery()) {
                return r.next();
            }
        }
    }

    private void recordNonce(Connection c, Solicitation s, long nowSeconds) throws SQLException {
        try (PreparedStatement i = c.prepareStatement("INSERT INTO solicitation_nonce (artist, nonce, forget_after, seen_at) VALUES (?, ?, ?, ?)")) {
            i.setString(1, s.artist());
            i.setString(2, s.nonce());
            i.setLong(3, Math.max(s.expiresAt(), nowSeconds) + NONCE_SKEW_SECONDS);
            i.setLong(4, db.now());
            i.executeUpdate();
        }
    }

    private static boolean held(Connection c, long chainId, String release) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM held_release WHERE chain_id = ? AND address = ?")) {
            q.setLong(1, chainId);
            q.setString(2, release);
            try (ResultSet r = q.executeQuery()) {
                return r.next();
            }
        }
    }

    private static int slotsInUse(Connection c, long nowSeconds) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT (SELECT count(*) FROM offer o WHERE o.valid_until >= ? AND NOT EXISTS "
                + "(SELECT 1 FROM held_release h WHERE h.chain_id = o.chain_id AND h.address = o.release)) "
                + "+ (SELECT count(*) FROM held_release WHERE state NOT IN " + ENDED_STATES + ")")) {
            q.setLong(1, nowSeconds);
            try (ResultSet r = q.executeQuery()) {
                return r.getInt(1);
            }
        }
    }

    private void insert(Connection c, AcceptedOffer o) throws SQLException {
        long now = db.now();
        try (PreparedStatement i = c.prepareStatement("INSERT INTO offer (" + COLUMNS + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)")) {
            i.setLong(1, o.chainId());
            i.setString(2, o.release());
            i.setString(3, o.factory());
            i.setInt(4, o.group());
            i.setInt(5, o.slot());
            i.setString(6, o.artist());
            i.setString(7, o.solicitation().toJson());
            i.setString(8, o.solicitationHash());
            i.setString(9, o.releaseKey());
            i.setLong(10, o.validUntil());
            i.setLong(11, now);
            i.setLong(12, now);
            i.executeUpdate();
        }
    }

    private void replace(Connection c, AcceptedOffer o, Optional<String> archiveCid) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE offer SET factory = ?, group_index = ?, slot = ?, artist = ?, solicitation = ?, "
                + "solicitation_hash = ?, release_key = ?, valid_until = ?, archive_cid = ?, updated_at = ? WHERE chain_id = ? AND release = ?")) {
            u.setString(1, o.factory());
            u.setInt(2, o.group());
            u.setInt(3, o.slot());
            u.setString(4, o.artist());
            u.setString(5, o.solicitation().toJson());
            u.setString(6, o.solicitationHash());
            u.setString(7, o.releaseKey());
            u.setLong(8, o.validUntil());
            u.setString(9, archiveCid.orElse(null));
            u.setLong(10, db.now());
            u.setLong(11, o.chainId());
            u.setString(12, o.release());
            u.executeUpdate();
        }
    }

    private static Optional<AcceptedOffer> find(Connection c, long chainId, String release) throws SQLException, StoreException {
        try (PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM offer WHERE chain_id = ? AND release = ?")) {
            q.setLong(1, chainId);
            q.setString(2, release);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    private static AcceptedOffer row(ResultSet r) throws SQLException, StoreException {
        Signed<Solicitation> solicitation;
        try {
            solicitation = Solicitation.fromJson(r.getString(7).getBytes(StandardCharsets.UTF_8));
        } catch (HiringMessageException e) {
            throw new StoreException("the stored solicitation for release " + r.getString(2) + " does not parse (" + e.getMessage()
                    + "); the state file was edited or damaged: restore a backup");
        }
        return new AcceptedOffer(r.getLong(1), r.getString(2), r.getString(3), r.getInt(4), r.getInt(5), r.getString(6), solicitation,
                r.getString(8), r.getString(9), r.getLong(10), Optional.ofNullable(r.getString(11)), Instant.ofEpochMilli(r.getLong(12)));
    }
}
