package org.unveil.keyholder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unveil.keyholder.store.TestChain.CHAIN_ID;
import static org.unveil.keyholder.store.TestChain.FACTORY;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.eth.ReleaseState;

class KeyholderStoreTest {
    @TempDir
    Path dir;

    @Test
    void aNewFileIsMigratedToTheLatestSchemaWithDurableSettings() throws Exception {
        Path file = dir.resolve("state.db");
        try (KeyholderStore store = KeyholderStore.open(file)) {
            assertEquals(Migrations.latest(), store.schemaVersion());
            assertEquals("wal", store.pragma("journal_mode"));
            assertEquals("2", store.pragma("synchronous"), "FULL: a committed transition survives a power loss");
            assertEquals("1", store.pragma("foreign_keys"));
            assertEquals("10000", store.pragma("busy_timeout"));
            assertEquals(Integer.toString(KeyholderStore.APPLICATION_ID), store.pragma("application_id"));
        }
        assertEquals(List.of("action", "attempt", "chain_cursor", "held_release", "offer", "schema_version", "seen_log", "solicitation_nonce"), tables(file));
    }

    @Test
    void reopeningAppliesNothingTwiceAndKeepsTheData() throws Exception {
        Path file = dir.resolve("state.db");
        try (KeyholderStore store = KeyholderStore.open(file)) {
            store.releases().hold(CHAIN_ID, TestChain.address("r1"), FACTORY, 3, ReleaseState.ENROLLING);
        }
        for (int i = 0; i < 3; i++) {
            try (KeyholderStore store = KeyholderStore.open(file)) {
                assertEquals(Migrations.latest(), store.schemaVersion());
                assertEquals(3, store.releases().get(CHAIN_ID, TestChain.address("r1")).orElseThrow().slot());
            }
        }
        try (Connection c = TestChain.raw(file); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM schema_version")) {
            assertEquals(Migrations.latest(), r.getInt(1), "one row per migration, however often the file is opened");
        }
    }

    @Test
    void aFileFromANewerVersionIsRefusedAndLeftAsItWas() throws Exception {
        Path file = dir.resolve("state.db");
        KeyholderStore.open(file).close();
        try (Connection c = TestChain.raw(file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version (version, applied_at) VALUES (" + (Migrations.latest() + 1) + ", 0)");
        }
        StoreException e = assertThrows(StoreException.class, () -> KeyholderStore.open(file));
        assertTrue(e.getMessage().contains("schema version " + (Migrations.latest() + 1)) && e.getMessage().contains("newer than this unveil knows")
                && e.getMessage().contains(file.toString()), e.getMessage());
        try (Connection c = TestChain.raw(file); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT max(version) FROM schema_version")) {
            assertEquals(Migrations.latest() + 1, r.getInt(1));
        }
    }

    @Test
    void aFileThatIsNotASqliteDatabaseIsRefusedByName() throws Exception {
        Path file = dir.resolve("garbage.db");
        byte[] junk = new byte[8192];
        new Random(7).nextBytes(junk);
        Files.write(file, junk);
        StoreException e = assertThrows(StoreException.class, () -> KeyholderStore.open(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not a SQLite database"), e.getMessage());
        assertTrue(java.util.Arrays.equals(junk, Files.readAllBytes(file)), "the file is not touched");
    }

    @Test
    void aSqliteFileOfAnotherProgramIsRefusedRatherThanMigrated() throws Exception {
        Path file = dir.resolve("other.db");
        try (Connection c = TestChain.raw(file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)");
        }
        StoreException e = assertThrows(StoreException.class, () -> KeyholderStore.open(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("another program"), e.getMessage());
        assertEquals(List.of("photos"), tables(file));
    }

    @Test
    void theMigrationSplitterKeepsTriggerBodiesWhole() {
        List<String> statements = Migrations.statements("""
                -- a comment; with a semicolon
                CREATE TABLE t (x INTEGER);
                CREATE TRIGGER g BEFORE UPDATE ON t
                BEGIN
                  SELECT RAISE(ABORT, 'no');
                END;
                """);
        assertEquals(2, statements.size(), statements.toString());
        assertTrue(statements.get(1).startsWith("CREATE TRIGGER") && statements.get(1).endsWith("END;"), statements.get(1));
    }

    private static List<String> tables(Path file) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = TestChain.raw(file); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")) {
            while (r.next()) out.add(r.getString(1));
        }
        return out;
    }
}
