package org.unveil.keyholder.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The one connection of a store and the one way to change it: {@link #write} runs its work in an
 * IMMEDIATE transaction (the write lock is taken at BEGIN, so a read-then-write such as a nonce
 * allocation cannot interleave with another process's), commits it or rolls it all back.
 */
final class Db {
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException, StoreException;
    }

    private final Connection connection;
    private final Path file;
    private final Clock clock;

    Db(Connection connection, Path file, Clock clock) {
        this.connection = connection;
        this.file = file;
        this.clock = clock;
    }

    /** One state transition: all of {@code work} or none of it. */
    synchronized <T> T write(String what, Work<T> work) throws StoreException {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | StoreException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** A read outside any transaction: SQLite gives each statement a consistent snapshot. */
    synchronized <T> T read(String what, Work<T> work) throws StoreException {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    long now() {
        return clock.millis();
    }

    Path file() {
        return file;
    }

    StoreException failure(String what, SQLException e) {
        return new StoreException("could not " + what + " in the keyholder state " + file + ": " + e.getMessage()
                + "; check that the disk is writable and not full, and that no other daemon uses this file", e);
    }

    void close() throws SQLException {
        connection.close();
    }
}
