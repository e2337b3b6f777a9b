package org.unveil.eth.hiring;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** The value rules the records share (spec/keyholder-protocol.md section 3); each breach is an IllegalArgumentException naming the field. */
final class Fields {
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern BYTES32 = Pattern.compile("0x[0-9a-f]{64}");
    private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);

    private Fields() {}

    /**
     * An address in lowercase. Any case is taken here, since callers pass addresses from chain
     * clients and wallets (EIP-55 case); the wire form itself accepts only lowercase (WireJson).
     */
    static String address(String a, String name) {
        if (a == null || !ADDRESS.matcher(a).matches()) throw new IllegalArgumentException(name + " must be 0x and 40 hex digits, got " + a);
        return a.toLowerCase(Locale.ROOT);
    }

    static String bytes32(String b, String name) {
        if (b == null || !BYTES32.matcher(b).matches()) throw new IllegalArgumentException(name + " must be 0x and 64 lowercase hex digits, got " + b);
        return b;
    }

    static BigInteger uint256(BigInteger v, String name) {
        if (v == null || v.signum() < 0 || v.compareTo(UINT256_LIMIT) >= 0) throw new IllegalArgumentException(name + " must be in [0, 2^256 - 1], got " + v);
        return v;
    }

    /** A time or size that travels as a JSON number: in [0, 2^53 - 1]. */
    static long uint(long v, String name) {
        if (v < 0 || v > WireJson.MAX_SAFE) throw new IllegalArgumentException(name + " must be in [0, 2^53 - 1], got " + v);
        return v;
    }

    static long positive(long v, String name) {
        if (uint(v, name) == 0) throw new IllegalArgumentException(name + " must be positive");
        return v;
    }

    static byte[] bytes(String hex0x) {
        return HexFormat.of().parseHex(hex0x.substring(2));
    }

    static String hex(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }
}
