package org.unveil.archive.keys;

import java.util.HexFormat;

/** Strict hex for spec fields: optional 0x prefix, even length, exact byte count when asked. */
final class Hex {
    private static final HexFormat LOWER = HexFormat.of();

    private Hex() {}

    static String encode0x(byte[] bytes) {
        return "0x" + LOWER.formatHex(bytes);
    }

    static String encode(byte[] bytes) {
        return LOWER.formatHex(bytes);
    }

    /** Decodes {@code text} (with or without 0x) into exactly {@code length} bytes, or any length if negative. */
    static byte[] decode(String text, int length, String field) {
        if (text == null) throw new IllegalArgumentException(field + " is missing");
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException(field + " has an odd number of hex digits: " + abbreviate(text));
        }
        byte[] out;
        try {
            out = LOWER.parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not hex: " + abbreviate(text));
        }
        if (length >= 0 && out.length != length) {
            throw new IllegalArgumentException(field + " must be " + length + " bytes, got " + out.length);
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? '"' + s + '"' : '"' + s.substring(0, 77) + "...\"";
    }
}
