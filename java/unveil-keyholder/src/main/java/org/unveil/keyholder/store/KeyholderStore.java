package org.unveil.keyholder.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Arrays;
import org.sqlite.SQLiteConfig;

/**
 * The keyholder daemon's durable state: one SQLite file holding the releases it holds
 * ({@link #releases()}), how far it has read the chain ({@link #cursors()}) and the journal of every
 * transaction it intends, signs and sends ({@link #journal()}). spec/keyholder-daemon.md describes
 * the model and the crash rules.
 *
 * <p><b>No secret is ever stored here.</b> The per-release keys are re-derived from the wallet each
 * time they are needed (spec/keys.md section 4), and the account key lives in its keystore; no
 * method of this API takes a key, a share or a password, and no table has a column for one. What is
 * stored (signed transactions, addresses, states) is what the chain will show anyway.
 *
 * <p>The file is opened in WAL mode with {@code synchronous=FULL}, so a committed transition
 * survives a power loss, not only a crash; every write takes the write lock at its start, so two
 * stores on one file (which the daemon does not do, but a status command might) stay consistent.
 * Not thread-safe beyond that: each method is serialised on the one connection.
 */
public final class KeyholderStore implements AutoCloseable {
    /** "Unvk": marks the file as a keyholder state, so another program's SQLite file is refused rather than migrated. */
    static final int APPLICATION_ID = 0x556e766b;
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int BUSY_TIMEOUT_MS = 10_000;

    private final Db db;
    private final HeldReleases releases;
    private final ChainCursors cursors;
    private final ActionJournal journal;
    private final Offers offers;

    private KeyholderStore(Db db) {
        this.db = db;
        this.releases = new HeldReleases(db);
        this.cursors = new ChainCursors(db);
        this.journal = new ActionJournal(db);
        this.offers = new Offers(db);
    }

    /** Opens (creating it if absent) and migrates the state file, timestamps from the system clock. */
    public static KeyholderStore open(Path file) throws StoreException {
        return open(file, Clock.systemUTC());
    }

    public static KeyholderStore open(Path file, Clock clock) throws StoreException {
        refuseForeignFile(file);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        Connection c;
        try {
            c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (SQLException e) {
            throw notADatabase(file, e);
        }
        Db db = new Db(c, file, clock);
        try {
            claim(db);
            Migrations.migrate(db);
            return new KeyholderStore(db);
        } catch (StoreException | RuntimeException e) {
            closeQuietly(db, e);
            throw e;
        }
    }

    public HeldReleases releases() {
        return releases;
    }

    public ChainCursors cursors() {
        return cursors;
    }

    public ActionJournal journal() {
        return journal;
    }

    /** The solicitations accepted, their offers and the artists' nonces seen (spec/keyholder-protocol.md section 8.2). */
    public Offers offers() {
        return offers;
    }

    /** The schema version the file is at (after open: the newest this build knows). */
    public int schemaVersion() throws StoreException {
        return db.read("read the schema version", c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT max(version) FROM schema_version")) {
                return r.getInt(1);
            }
        });
    }

    /** A PRAGMA's value as this store's connection sees it (its settings are per connection), for checks. */
    String pragma(String name) throws StoreException {
        return db.read("read PRAGMA " + name, c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + name)) {
                return r.getString(1);
            }
        });
    }

    @Override
    public void close() throws StoreException {
        try {
            db.close();
        } catch (SQLException e) {
            throw db.failure("close", e);
        }
    }

    /** A non-empty file without SQLite's header is refused before SQLite touches it (it would otherwise fail later, less clearly). */
    private static void refuseForeignFile(Path file) throws StoreException {
        if (!Files.isRegularFile(file)) return;
        byte[] head = new byte[SQLITE_HEADER.length];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new StoreException("cannot read the keyholder state " + file + ": " + e.getMessage() + "; check its permissions", e);
        }
        if (n > 0 && !Arrays.equals(head, SQLITE_HEADER)) {
            throw new StoreException(file + " is not a SQLite database, so it is not a keyholder state; point the daemon at its own state file (a new path starts an empty one)");
        }
    }

    /** Stamps a new file as ours, and refuses a SQLite file that some other program made. */
    private static void claim(Db db) throws StoreException {
        db.write("claim the state file", c -> {
            try (Statement s = c.createStatement()) {
                int id;
                try (ResultSet r = s.executeQuery("PRAGMA application_id")) {
                    id = r.getInt(1);
                }
                if (id == APPLICATION_ID) return null;
                boolean empty;
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM sqlite_schema")) {
                    empty = r.getInt(1) == 0;
                }
                if (id != 0 || !empty) {
                    throw new StoreException(db.file() + " is a SQLite database of another program (application id " + id
                            + "), not a keyholder state; point the daemon at its own state file (a new path starts an empty one)");
                }
                s.execute("PRAGMA application_id = " + APPLICATION_ID);
            }
            return null;
        });
    }

    private static StoreException notADatabase(Path file, SQLException e) {
        return new StoreException("cannot open the keyholder state " + file + ": " + e.getMessage()
                + "; it must be a SQLite database written by unveil, in a writable directory", e);
    }

    private static void closeQuietly(Db db, Exception failure) {
        try {
            db.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
