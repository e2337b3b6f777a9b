package org.unveil.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import org.unveil.eth.Chain;
import org.unveil.eth.Erc20Client;
import org.unveil.eth.ReleaseParams;
import org.unveil.eth.Wei;

/**
 * The one grammar for amounts on the command line (spec/glossary.md, "Amounts"), in the release's
 * currency. ETH as {@link Wei#parse} reads them ({@code 0.5eth}, {@code 20gwei}, {@code 100wei}, or
 * a whole number of wei); for a release paid in an ERC-20 token, base units ({@code 2500000}) or a
 * decimal with the token's own symbol ({@code 2.5USDC}), scaled by its decimals. Errors name the option.
 */
final class Amounts {
    /** Where the token's symbol and decimals come from; asked only for a token amount with a symbol. */
    interface ChainSource {
        Chain chain() throws IOException;
    }

    private Amounts() {}

    static BigInteger parse(String text, String option, String token, Chain chain) throws IOException {
        return parse(text, option, token, () -> chain);
    }

    /** Like {@link #parse(String, String, String, Chain)} but the amount must be more than zero. */
    static BigInteger positive(String text, String option, String token, Chain chain) throws IOException {
        BigInteger v = parse(text, option, token, chain);
        if (v.signum() == 0) throw new IllegalArgumentException(option + " must be more than zero, got \"" + text + "\"");
        return v;
    }

    static BigInteger parse(String text, String option, String token, ChainSource chain) throws IOException {
        if (ReleaseParams.ETH.equalsIgnoreCase(token)) {
            try {
                return Wei.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
            }
        }
        String t = text.strip();
        if (t.matches("\\d+")) return new BigInteger(t);
        Erc20Client erc20 = Erc20Client.at(chain.chain(), token);
        String symbol = erc20.symbol();
        if (t.toUpperCase(Locale.ROOT).endsWith(symbol.toUpperCase(Locale.ROOT)) && t.length() > symbol.length()) {
            String number = t.substring(0, t.length() - symbol.length()).strip();
            int decimals = erc20.decimals();
            try {
                BigInteger units = new BigDecimal(number).movePointRight(decimals).toBigIntegerExact();
                if (units.signum() < 0) throw new IllegalArgumentException(option + " must not be negative: " + text);
                return units;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": not an amount: \"" + text + "\" (use base units, or e.g. 2.5" + symbol + ")", e);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(option + ": \"" + text + "\" has more decimals than " + symbol + "'s " + decimals, e);
            }
        }
        throw new IllegalArgumentException(option + ": this release is paid in " + symbol + " (" + token + "): give the amount in base units or as e.g. 2.5"
                + symbol + ", not \"" + text + "\"");
    }
}
