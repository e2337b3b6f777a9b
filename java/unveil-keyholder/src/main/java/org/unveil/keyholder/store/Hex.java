package org.unveil.keyholder.store;

import java.util.Locale;
import java.util.regex.Pattern;

/** The store keeps addresses and hashes in one spelling, lowercase, so equal values compare equal in SQL. */
final class Hex {
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern HASH = Pattern.compile("0x[0-9a-fA-F]{64}");

    private Hex() {}

    static String address(String a, String what) {
        if (a == null || !ADDRESS.matcher(a).matches()) throw new IllegalArgumentException(what + " must be 0x and 40 hex digits, got: " + a);
        return a.toLowerCase(Locale.ROOT);
    }

    static String hash(String h, String what) {
        if (h == null || !HASH.matcher(h).matches()) throw new IllegalArgumentException(what + " must be 0x and 64 hex digits, got: " + h);
        return h.toLowerCase(Locale.ROOT);
    }
}
