package org.unveil.eth;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Formats and parses ether amounts; wei stays exact, ether is for people. */
public final class Wei {
    private static final BigDecimal WEI_PER_ETH = BigDecimal.TEN.pow(18);

    private Wei() {}

    /** "1.5 ETH (1500000000000000000 wei)". */
    public static String format(BigInteger wei) {
        return new BigDecimal(wei).divide(WEI_PER_ETH).stripTrailingZeros().toPlainString() + " ETH (" + wei + " wei)";
    }

    /** Parses "1.5eth", "1.5 ETH", "1500wei", "2gwei" or a bare number of wei. */
    public static BigInteger parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
        BigDecimal unit = BigDecimal.ONE;
        if (t.endsWith("gwei")) {
            unit = BigDecimal.TEN.pow(9);
            t = t.substring(0, t.length() - 4);
        } else if (t.endsWith("wei")) {
            t = t.substring(0, t.length() - 3);
        } else if (t.endsWith("eth")) {
            unit = WEI_PER_ETH;
            t = t.substring(0, t.length() - 3);
        }
        try {
            BigDecimal v = new BigDecimal(t).multiply(unit);
            if (v.signum() < 0) throw new IllegalArgumentException("amount must not be negative: " + text);
            return v.toBigIntegerExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("not an amount: \"" + text + "\" (use e.g. 1.5eth, 20gwei or a whole number of wei)", e);
        }
    }
}
