package org.unveil.eth;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.web3j.utils.Numeric;

/**
 * Reads ABI-encoded data word by word, for the dynamic structs (release parameters, keyholder
 * profiles) web3j can only decode into generated classes. Every offset and length is checked
 * against the data, so hostile return data fails with an {@link IllegalArgumentException}.
 */
final class AbiWords {
    private static final int MAX_ARRAY = 4096;
    private final byte[] data;
    private final int base;

    private AbiWords(byte[] data, int base) {
        this.data = data;
        this.base = base;
    }

    static AbiWords of(String hex) {
        return new AbiWords(Numeric.hexStringToByteArray(hex), 0);
    }

    /** The tuple whose offset is stored in word {@code i} (a dynamic tuple is referenced, not inlined). */
    AbiWords tupleAt(int i) {
        return new AbiWords(data, offsetFrom(i));
    }

    BigInteger uint(int i) {
        return new BigInteger(1, word(base + 32 * i));
    }

    int smallInt(int i, int max) {
        BigInteger v = uint(i);
        if (v.compareTo(BigInteger.valueOf(max)) > 0) throw new IllegalArgumentException("ABI value " + v + " exceeds " + max);
        return v.intValue();
    }

    String address(int i) {
        byte[] w = word(base + 32 * i);
        return Numeric.toHexString(Arrays.copyOfRange(w, 12, 32));
    }

    boolean bool(int i) {
        return uint(i).signum() != 0;
    }

    byte[] bytes32(int i) {
        return word(base + 32 * i);
    }

    byte[] dynamicBytes(int i) {
        int at = offsetFrom(i);
        int len = lengthAt(at, data.length);
        return slice(at + 32, len);
    }

    String string(int i) {
        return new String(dynamicBytes(i), StandardCharsets.UTF_8);
    }

    List<BigInteger> uintArray(int i) {
        int at = offsetFrom(i);
        int len = lengthAt(at, MAX_ARRAY);
        List<BigInteger> out = new ArrayList<>(len);
        for (int j = 0; j < len; j++) out.add(new BigInteger(1, word(at + 32 + 32 * j)));
        return out;
    }

    List<String> addressArray(int i) {
        int at = offsetFrom(i);
        int len = lengthAt(at, MAX_ARRAY);
        List<String> out = new ArrayList<>(len);
        for (int j = 0; j < len; j++) out.add(Numeric.toHexString(Arrays.copyOfRange(word(at + 32 + 32 * j), 12, 32)));
        return out;
    }

    private int offsetFrom(int i) {
        BigInteger off = uint(i);
        if (off.compareTo(BigInteger.valueOf(data.length)) >= 0) throw new IllegalArgumentException("ABI offset " + off + " beyond data of " + data.length + " bytes");
        return base + off.intValue();
    }

    private int lengthAt(int at, int max) {
        BigInteger len = new BigInteger(1, word(at));
        if (len.compareTo(BigInteger.valueOf(max)) > 0) throw new IllegalArgumentException("ABI length " + len + " exceeds " + max);
        return len.intValue();
    }

    private byte[] word(int at) {
        return slice(at, 32);
    }

    private byte[] slice(int at, int len) {
        if (at < 0 || (long) at + len > data.length) {
            throw new IllegalArgumentException("ABI data too short: need bytes " + at + ".." + ((long) at + len) + ", have " + data.length);
        }
        return Arrays.copyOfRange(data, at, at + len);
    }
}
