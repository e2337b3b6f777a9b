package org.unveil.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import org.unveil.eth.Chain;
import org.unveil.eth.ChainException;
import org.unveil.eth.Erc20Client;
import org.unveil.eth.ReleaseParams;
import org.unveil.eth.Wei;

/**
 * Amounts on the command line, in the release's currency. ETH as {@link Wei#parse} reads them
 * ({@code 0.5eth}, {@code 20gwei}, or wei); for a release paid in an ERC-20 token, base units
 * ({@code 2500000}) or a decimal with the token's own symbol ({@code 2.5USDC}), scaled by its decimals.
 */
final class Amounts {
    private Amounts() {}

    static BigInteger parse(String text, String token, Chain chain) throws ChainException {
        if (ReleaseParams.ETH.equalsIgnoreCase(token)) return Wei.parse(text);
        String t = text.strip();
        if (t.matches("\\d+")) return new BigInteger(t);
        Erc20Client erc20 = Erc20Client.at(chain, token);
        String symbol = erc20.symbol();
        if (t.toUpperCase(Locale.ROOT).endsWith(symbol.toUpperCase(Locale.ROOT)) && t.length() > symbol.length()) {
            String number = t.substring(0, t.length() - symbol.length()).strip();
            int decimals = erc20.decimals();
            try {
                BigInteger units = new BigDecimal(number).movePointRight(decimals).toBigIntegerExact();
                if (units.signum() < 0) throw new IllegalArgumentException("amount must not be negative: " + text);
                return units;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an amount: \"" + text + "\" (use base units, or e.g. 2.5" + symbol + ")", e);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("\"" + text + "\" has more decimals than " + symbol + "'s " + decimals, e);
            }
        }
        throw new IllegalArgumentException("this release is paid in " + symbol + " (" + token + "): give the amount in base units or as e.g. 2.5"
                + symbol + ", not \"" + text + "\"");
    }
}
