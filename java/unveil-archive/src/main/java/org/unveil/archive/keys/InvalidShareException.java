package org.unveil.archive.keys;

/**
 * A secret share does not match its group's Feldman commitments, or a set of shares cannot
 * recombine to the committed secret. The message names the share identifier (and group,
 * where the caller knows it) so a keyholder can refuse with a reason.
 */
public class InvalidShareException extends KeyException {
    private static final long serialVersionUID = 1L;

    public InvalidShareException(String message) {
        super(message);
    }
}
