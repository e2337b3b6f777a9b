package org.unveil.keyholder.store;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The action journal: every transaction the bot sends is first an intent here, then its signed
 * bytes here, and only then sent (spec/keyholder-daemon.md section 3). Each method is one state
 * transition in one transaction. After a crash {@link #pendingResends()} gives back the exact
 * bytes to send again; nothing is ever signed twice for one intent except as a fee bump on the
 * same nonce.
 */
public final class ActionJournal {
    private static final String COLUMNS = "a.id, a.chain_id, a.release, a.kind, a.slot, a.account, a.status, a.nonce, a.confirmed_tx_hash, a.reason, a.created_at, a.updated_at, a.round";
    private final Db db;

    ActionJournal(Db db) {
        this.db = db;
    }

    /**
     * Journals the intent to do {@code key} from {@code account}; if it was journaled before, returns
     * that action as it stands (whatever its status), never a second one.
     */
    public Action intend(ActionKey key, String account) throws StoreException {
        String acct = Hex.address(account, "account");
        return db.write("journal the intent " + key, c -> {
            Optional<Action> existing = find(c, key);
            if (existing.isPresent()) {
                if (!existing.get().account().equals(acct)) {
                    throw new JournalRuleException("action " + key + " is already journaled for account " + existing.get().account()
                            + ", not " + acct + "; an action is sent from the account it was intended for");
                }
                return existing.get();
            }
            long now = db.now();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO action (chain_id, release, kind, slot, round, account, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'INTENDED', ?, ?)")) {
                s.setLong(1, key.chainId());
                s.setString(2, key.release());
                s.setString(3, key.kind().name());
                s.setInt(4, key.slot());
                s.setInt(5, key.round());
                s.setString(6, acct);
                s.setLong(7, now);
                s.setLong(8, now);
                s.executeUpdate();
            } catch (SQLException e) {
                if (e.getMessage() != null && e.getMessage().contains("FOREIGN KEY")) {
                    throw new JournalRuleException("release " + key.release() + " on chain " + key.chainId() + " is not held by this bot; record it with HeldReleases.hold() before journaling actions for it");
                }
                throw e;
            }
            return find(c, key).orElseThrow();
        });
    }

    /**
     * INTENDED -> SIGNED: allocates the account's next nonce (max(local + 1, {@code pendingNonceFromChain})),
     * has {@code signer} sign for it, checks the bytes (EIP-1559, that nonce, this chain, this account)
     * and stores them, all in one transaction. An action already signed is returned unchanged: signing
     * is never repeated, only bumped.
     */
    public Action sign(long actionId, long pendingNonceFromChain, TransactionSigner signer) throws StoreException, GeneralSecurityException {
        return withSigner(() -> db.write("journal the signed transaction of action " + actionId, c -> {
            Action a = load(c, actionId);
            if (a.status() != ActionStatus.INTENDED) {
                if (a.nonce().isPresent()) return a;
                throw refusedMove(a, ActionStatus.SIGNED);
            }
            long nonce = NonceAllocator.nextNonce(c, a.key().chainId(), a.account(), pendingNonceFromChain);
            SignedTransaction tx = checked(a, nonce, signer);
            insertAttempt(c, a.id(), 1, tx);
            try (PreparedStatement s = c.prepareStatement("UPDATE action SET status = 'SIGNED', nonce = ?, updated_at = ? WHERE id = ?")) {
                s.setLong(1, nonce);
                s.setLong(2, db.now());
                s.setLong(3, a.id());
                s.executeUpdate();
            }
            return load(c, actionId);
        }));
    }

    /**
     * A fee bump: a replacement signed on the action's own nonce, with both fees strictly above the
     * last attempt's (a node refuses a replacement that does not pay more). The status stays as it is.
     */
    public Action bump(long actionId, TransactionSigner signer) throws StoreException, GeneralSecurityException {
        return withSigner(() -> db.write("journal a fee bump of action " + actionId, c -> {
            Action a = load(c, actionId);
            if (a.status() != ActionStatus.SIGNED && a.status() != ActionStatus.BROADCAST) {
                throw new JournalRuleException("action " + a.key() + " is " + a.status() + "; only a SIGNED or BROADCAST action can be re-signed with higher fees");
            }
            Attempt last = a.latest().orElseThrow();
            SignedTransaction tx = checked(a, a.nonce().getAsLong(), signer);
            if (tx.maxFeePerGas().compareTo(last.maxFeePerGas()) <= 0 || tx.maxPriorityFeePerGas().compareTo(last.maxPriorityFeePerGas()) <= 0) {
                throw new JournalRuleException("a fee bump of action " + a.key() + " must raise both fees above the last attempt's (max fee "
                        + last.maxFeePerGas() + ", tip " + last.maxPriorityFeePerGas() + "), got " + tx.maxFeePerGas() + " and " + tx.maxPriorityFeePerGas());
            }
            insertAttempt(c, a.id(), last.seq() + 1, tx);
            touch(c, a.id());
            return load(c, actionId);
        }));
    }

    /**
     * Records that the attempt {@code txHash} was handed to a node: SIGNED -> BROADCAST (a BROADCAST
     * action stays so; a re-send or bump only stamps its attempt). Call it after the node accepted the
     * bytes: if the bot dies in between, the action is still SIGNED and is sent again, which is harmless.
     */
    public Action markBroadcast(long actionId, String txHash) throws StoreException {
        String h = Hex.hash(txHash, "transaction hash");
        return db.write("mark action " + actionId + " broadcast", c -> {
            Action a = load(c, actionId);
            if (a.status() != ActionStatus.SIGNED && a.status() != ActionStatus.BROADCAST) throw refusedMove(a, ActionStatus.BROADCAST);
            attemptOf(a, h);
            try (PreparedStatement s = c.prepareStatement("UPDATE attempt SET broadcast_at = coalesce(broadcast_at, ?) WHERE action_id = ? AND tx_hash = ?")) {
                s.setLong(1, db.now());
                s.setLong(2, a.id());
                s.setString(3, h);
                s.executeUpdate();
            }
            setStatus(c, a.id(), ActionStatus.BROADCAST, null, null);
            return load(c, actionId);
        });
    }

    /** The attempt {@code txHash} was mined (and is final enough for the caller): -> CONFIRMED. */
    public Action confirm(long actionId, String txHash) throws StoreException {
        String h = Hex.hash(txHash, "transaction hash");
        return db.write("mark action " + actionId + " confirmed", c -> {
            Action a = load(c, actionId);
            if (!a.status().mayMoveTo(ActionStatus.CONFIRMED)) throw refusedMove(a, ActionStatus.CONFIRMED);
            attemptOf(a, h);
            setStatus(c, a.id(), ActionStatus.CONFIRMED, h, null);
            return load(c, actionId);
        });
    }

    /**
     * The chain already shows what the action was for ("already enrolled", "already published", a
     * release settled by someone else): -> DONE_BY_OTHERS, with the reason. For a SIGNED or BROADCAST
     * action the caller must first see its nonce used on chain (by a replacement if need be), or the
     * account's later transactions would wait behind a nonce nobody sends.
     */
    public Action doneByOthers(long actionId, String reason) throws StoreException {
        return close(actionId, ActionStatus.DONE_BY_OTHERS, reason);
    }

    /** The action cannot succeed (refused in simulation, reverted on chain): -> FAILED, with the reason. The nonce rule of {@link #doneByOthers} holds. */
    public Action fail(long actionId, String reason) throws StoreException {
        return close(actionId, ActionStatus.FAILED, reason);
    }

    public Optional<Action> find(ActionKey key) throws StoreException {
        return db.read("look up action " + key, c -> find(c, key));
    }

    public Action get(long actionId) throws StoreException {
        return db.read("read action " + actionId, c -> load(c, actionId));
    }

    /** Every SIGNED or BROADCAST action with all its attempts, by account and nonce: what to send again after a restart. */
    public List<Action> pendingResends() throws StoreException {
        return db.read("list the actions to re-send", c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM action WHERE status IN ('SIGNED', 'BROADCAST') ORDER BY chain_id, account, nonce");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) ids.add(r.getLong(1));
            }
            List<Action> out = new ArrayList<>();
            for (long id : ids) out.add(load(c, id));
            return out;
        });
    }

    /** How many actions are in each status: what the metrics show. */
    public java.util.Map<ActionStatus, Integer> countByStatus() throws StoreException {
        return db.read("count actions by status", c -> {
            java.util.Map<ActionStatus, Integer> out = new java.util.EnumMap<>(ActionStatus.class);
            try (PreparedStatement s = c.prepareStatement("SELECT status, count(*) FROM action GROUP BY status"); ResultSet r = s.executeQuery()) {
                while (r.next()) out.put(ActionStatus.valueOf(r.getString(1)), r.getInt(2));
            }
            return out;
        });
    }

    /** Every action journaled for {@code release} on {@code chainId}, oldest first: what a status report lists. */
    public List<Action> forRelease(long chainId, String release) throws StoreException {
        String a = Hex.address(release, "release address");
        return db.read("list the actions of release " + a, c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM action WHERE chain_id = ? AND release = ? ORDER BY id")) {
                s.setLong(1, chainId);
                s.setString(2, a);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) ids.add(r.getLong(1));
                }
            }
            List<Action> out = new ArrayList<>();
            for (long id : ids) out.add(load(c, id));
            return out;
        });
    }

    private Action close(long actionId, ActionStatus status, String reason) throws StoreException {
        if (reason == null || reason.isBlank()) throw new IllegalArgumentException("say why the action is " + status);
        return db.write("mark action " + actionId + " " + status, c -> {
            Action a = load(c, actionId);
            if (!a.status().mayMoveTo(status)) throw refusedMove(a, status);
            setStatus(c, a.id(), status, null, reason);
            return load(c, actionId);
        });
    }

    private static SignedTransaction checked(Action a, long nonce, TransactionSigner signer) throws JournalRuleException {
        SignedTransaction tx;
        try {
            tx = SignedTransaction.decode(signer.sign(nonce));
        } catch (GeneralSecurityException e) {
            throw new SignerFailed(e);
        }
        if (tx.nonce() != nonce || tx.chainId() != a.key().chainId() || !tx.from().equals(a.account())) {
            throw new JournalRuleException("the transaction signed for action " + a.key() + " is for nonce " + tx.nonce() + ", chain " + tx.chainId()
                    + " and account " + tx.from() + ", but the journal allocated nonce " + nonce + " on chain " + a.key().chainId() + " for " + a.account()
                    + "; sign with the nonce given, the release's chain and the action's account");
        }
        return tx;
    }

    private static JournalRuleException refusedMove(Action a, ActionStatus to) {
        return new JournalRuleException("action " + a.key() + " is " + a.status() + " and cannot become " + to
                + ": a status only moves forward (INTENDED -> SIGNED -> BROADCAST -> CONFIRMED, or to DONE_BY_OTHERS or FAILED); read it again with get()");
    }

    private static Attempt attemptOf(Action a, String txHash) throws JournalRuleException {
        return a.attempts().stream().filter(t -> t.txHash().equals(txHash)).findFirst().orElseThrow(() -> new JournalRuleException(
                "transaction " + txHash + " is not one of the signed attempts of action " + a.key() + "; only bytes journaled with sign() or bump() are sent"));
    }

    private void insertAttempt(Connection c, long actionId, int seq, SignedTransaction tx) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO attempt (action_id, seq, raw_tx, tx_hash, max_fee_per_gas, max_priority_fee_per_gas, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, actionId);
            s.setInt(2, seq);
            s.setBytes(3, tx.raw());
            s.setString(4, tx.hash());
            s.setString(5, tx.maxFeePerGas().toString());
            s.setString(6, tx.maxPriorityFeePerGas().toString());
            s.setLong(7, db.now());
            s.executeUpdate();
        }
    }

    private void setStatus(Connection c, long id, ActionStatus status, String confirmedTxHash, String reason) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE action SET status = ?, confirmed_tx_hash = coalesce(?, confirmed_tx_hash), reason = coalesce(?, reason), updated_at = ? WHERE id = ?")) {
            s.setString(1, status.name());
            s.setString(2, confirmedTxHash);
            s.setString(3, reason);
            s.setLong(4, db.now());
            s.setLong(5, id);
            s.executeUpdate();
        }
    }

    private void touch(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE action SET updated_at = ? WHERE id = ?")) {
            s.setLong(1, db.now());
            s.setLong(2, id);
            s.executeUpdate();
        }
    }

    private static Optional<Action> find(Connection c, ActionKey key) throws SQLException, StoreException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM action WHERE chain_id = ? AND release = ? AND kind = ? AND slot = ? AND round = ?")) {
            s.setLong(1, key.chainId());
            s.setString(2, key.release());
            s.setString(3, key.kind().name());
            s.setInt(4, key.slot());
            s.setInt(5, key.round());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) return Optional.empty();
                return Optional.of(load(c, r.getLong(1)));
            }
        }
    }

    /** The action with its attempts, read by one statement so both come from one snapshot even while another process writes. */
    private static Action load(Connection c, long id) throws SQLException, StoreException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + ", t.seq, t.raw_tx, t.tx_hash, t.max_fee_per_gas, t.max_priority_fee_per_gas, t.created_at, t.broadcast_at"
                + " FROM action a LEFT JOIN attempt t ON t.action_id = a.id WHERE a.id = ? ORDER BY t.seq")) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) throw new StoreException("no action " + id + " in the journal; look actions up by their key with find()");
                ActionKey key = new ActionKey(r.getLong(2), r.getString(3), ActionKind.valueOf(r.getString(4)), r.getInt(5), r.getInt(13));
                long nonce = r.getLong(8);
                OptionalLong n = r.wasNull() ? OptionalLong.empty() : OptionalLong.of(nonce);
                Action head = new Action(r.getLong(1), key, r.getString(6), ActionStatus.valueOf(r.getString(7)), n, List.of(),
                        Optional.ofNullable(r.getString(9)), Optional.ofNullable(r.getString(10)), Instant.ofEpochMilli(r.getLong(11)), Instant.ofEpochMilli(r.getLong(12)));
                List<Attempt> attempts = new ArrayList<>();
                do {
                    int seq = r.getInt(14);
                    if (r.wasNull()) break; // no attempt: the one row is the action alone
                    long broadcast = r.getLong(20);
                    Optional<Instant> at = r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(broadcast));
                    attempts.add(new Attempt(seq, r.getBytes(15), r.getString(16), new BigInteger(r.getString(17)), new BigInteger(r.getString(18)),
                            Instant.ofEpochMilli(r.getLong(19)), at));
                } while (r.next());
                return new Action(head.id(), head.key(), head.account(), head.status(), head.nonce(), attempts, head.confirmedTxHash(),
                        head.reason(), head.createdAt(), head.updatedAt());
            }
        }
    }

    /** Carries a signer's own failure out through the store's transaction (which it rolls back) to the caller, unchanged. */
    private static final class SignerFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SignerFailed(GeneralSecurityException cause) {
            super(cause);
        }
    }

    @FunctionalInterface
    private interface SignerWork {
        Action run() throws StoreException;
    }

    private static Action withSigner(SignerWork work) throws StoreException, GeneralSecurityException {
        try {
            return work.run();
        } catch (SignerFailed e) {
            throw (GeneralSecurityException) e.getCause();
        }
    }
}
