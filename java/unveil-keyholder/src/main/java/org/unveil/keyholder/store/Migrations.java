package org.unveil.keyholder.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Brings a database to the schema this build knows, one numbered script at a time, each in its own
 * transaction together with its row in {@code schema_version}, so a crash leaves the file at one
 * version or the next, never between. A file at a newer version than {@link #SCRIPTS} lists is
 * refused rather than written to, since an older daemon would not keep rules it does not know.
 */
final class Migrations {
    /** {@code db/migration/V<n>__<what>.sql}, in order: script n is at index n - 1. Append only; never edit a released one. */
    static final List<String> SCRIPTS = List.of("V1__state_and_journal.sql");

    private Migrations() {}

    static int latest() {
        return SCRIPTS.size();
    }

    /** Applies every script after the file's version; returns the version it is at now. */
    static int migrate(Db db) throws StoreException {
        int current = db.write("read the schema version", Migrations::ensureVersionTable);
        if (current > latest()) {
            throw new StoreException("the keyholder state " + db.file() + " is at schema version " + current
                    + ", newer than this unveil knows (" + latest() + "): run the newer unveil that wrote it, or restore a backup made for this one");
        }
        for (int v = current + 1; v <= latest(); v++) {
            String script = load(SCRIPTS.get(v - 1), v);
            int version = v;
            db.write("apply schema migration " + SCRIPTS.get(v - 1), c -> {
                // Checked again inside the write lock: another process may have migrated meanwhile.
                if (version(c) >= version) return null;
                try (Statement s = c.createStatement()) {
                    for (String sql : statements(script)) s.execute(sql);
                    s.execute("INSERT INTO schema_version (version, applied_at) VALUES (" + version + ", " + db.now() + ")");
                }
                return null;
            });
        }
        return latest();
    }

    private static int ensureVersionTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT");
        }
        return version(c);
    }

    private static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            return r.getInt(1);
        }
    }

    private static String load(String name, int version) {
        if (!name.startsWith("V" + version + "__") || !name.endsWith(".sql")) {
            throw new IllegalStateException("migration " + version + " is named " + name + ": scripts are V<n>__<what>.sql in order");
        }
        try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + name)) {
            if (in == null) throw new IllegalStateException("migration script db/migration/" + name + " is missing from the build");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration script " + name, e);
        }
    }

    /**
     * The script's statements. JDBC runs one statement per call; a trigger body holds semicolons of its
     * own, so a statement ends at a semicolon closing a line only outside BEGIN ... END.
     */
    static List<String> statements(String script) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inBody = false;
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (t.startsWith("--") || t.isEmpty()) continue;
            current.append(line).append('\n');
            if (t.equalsIgnoreCase("BEGIN")) inBody = true;
            if (inBody ? t.equalsIgnoreCase("END;") : t.endsWith(";")) {
                out.add(current.toString().strip());
                current.setLength(0);
                inBody = false;
            }
        }
        if (!current.isEmpty()) throw new IllegalStateException("migration script ends inside a statement: " + current);
        return out;
    }
}
