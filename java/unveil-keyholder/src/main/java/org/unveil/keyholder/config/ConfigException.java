package org.unveil.keyholder.config;

/** The daemon's configuration is wrong: the message names the file or variable, the key, the value and what to write instead. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
