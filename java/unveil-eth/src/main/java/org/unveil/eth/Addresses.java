package org.unveil.eth;

import java.util.Locale;
import java.util.regex.Pattern;

/** Checks Ethereum addresses given by people or files. */
final class Addresses {
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private Addresses() {}

    /** The address in lowercase, or an IllegalArgumentException naming {@code what}. */
    static String checked(String address, String what) {
        if (address == null || !ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException(what + " must be 0x followed by 40 hex digits, got: " + address);
        }
        return address.toLowerCase(Locale.ROOT);
    }
}
