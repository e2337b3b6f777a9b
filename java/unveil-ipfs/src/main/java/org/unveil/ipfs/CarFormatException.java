package org.unveil.ipfs;

/**
 * A CAR stream is malformed: truncated, unknown version, bad header, varint too long, oversized section, or a
 * block whose bytes do not match its CID. The message names the byte offset at fault.
 */
public final class CarFormatException extends InvalidBlockException {
    private static final long serialVersionUID = 1L;

    public CarFormatException(String message) {
        super(message);
    }
}
