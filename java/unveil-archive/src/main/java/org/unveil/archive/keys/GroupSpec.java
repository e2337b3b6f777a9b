package org.unveil.archive.keys;

/**
 * One keyholder group: any {@code threshold} of its {@code size} keyholders can rebuild the
 * release secret. Identifiers run 1..size, so size is capped at 255 (one byte in the share
 * plaintext, spec/keys.md section 5).
 */
public record GroupSpec(int threshold, int size) {
    public static final int MAX_SIZE = 255;

    public GroupSpec {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("group size must be in [1, " + MAX_SIZE + "], got " + size);
        }
        if (threshold < 1 || threshold > size) {
            throw new IllegalArgumentException("group threshold must be in [1, size=" + size + "], got " + threshold);
        }
    }

    /** Parses {@code "M/N"}, e.g. {@code "3/5"}. */
    public static GroupSpec parse(String text) {
        if (text == null) throw new IllegalArgumentException("group spec is missing; write it as M/N, e.g. 3/5");
        String[] parts = text.trim().split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("group spec \"" + text + "\" must be M/N, e.g. 3/5");
        }
        try {
            return new GroupSpec(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("group spec \"" + text + "\" must be M/N with whole numbers, e.g. 3/5");
        }
    }

    @Override
    public String toString() {
        return threshold + "/" + size;
    }
}
