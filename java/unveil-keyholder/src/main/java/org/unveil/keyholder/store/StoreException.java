package org.unveil.keyholder.store;

import java.io.IOException;

/**
 * The keyholder's state could not be opened, read or written: the file is not a database, was
 * written by a newer version, or SQLite failed. The message names the file and says what to do.
 * An {@link IOException}, because the state is a file and the daemon treats both failures alike:
 * stop the step, change nothing else.
 */
public class StoreException extends IOException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
