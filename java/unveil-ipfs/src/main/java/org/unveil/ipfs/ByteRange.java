package org.unveil.ipfs;

/**
 * The trustless gateway {@code entity-bytes=from:to} range: inclusive byte offsets into a file, where a negative
 * value counts back from the end of the file and a null {@code toInclusiveOrNull} means end of file ({@code *}).
 * Unlike HTTP ranges, {@code 499:-1000} is allowed.
 */
public record ByteRange(long from, Long toInclusiveOrNull) {

    /** Parses the wire form {@code from:to}, where {@code to} may be {@code *}. */
    public static ByteRange parse(String value) {
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("entity-bytes '" + value + "' is not from:to (e.g. 0:1023, -1024:*)");
        }
        try {
            long from = Long.parseLong(value.substring(0, colon));
            String to = value.substring(colon + 1);
            return new ByteRange(from, to.equals("*") ? null : Long.valueOf(to));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("entity-bytes '" + value + "' has a non-integer bound", e);
        }
    }

    /**
     * Resolves the range against a file of {@code size} bytes.
     *
     * @return {@code [start, endExclusive)} clamped to the file, or null if the range is empty or outside it
     */
    long[] resolve(long size) {
        long start = from >= 0 ? from : Math.max(0, size + from);
        long last = toInclusiveOrNull == null ? size - 1
                : toInclusiveOrNull >= 0 ? Math.min(toInclusiveOrNull, size - 1) : size + toInclusiveOrNull;
        if (start >= size || last < start) {
            return null;
        }
        return new long[] {start, last + 1};
    }

    /** The wire form {@code from:to}. */
    @Override
    public String toString() {
        return from + ":" + (toInclusiveOrNull == null ? "*" : toInclusiveOrNull.toString());
    }
}
