package org.unveil.archive;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Which encrypted fragments a release samples (spec/release-protocol.md section 4.1,
 * spec/archive-format.md section 6): from the 32-byte beacon seed, with {@code r = min(sampleCount,
 * F)}, draw {@code i = uint256(keccak256(abi.encode(seed, uint256 c))) mod F} for c = 0, 1, ...
 * and keep each new i until r are taken. The contract computes the same, so any client can tell
 * which keys the artist must reveal. Distinct draws (rather than r independent ones) make every
 * sample count: a brick covering a fraction b of the fragments escapes with probability below
 * (1-b)^r.
 */
public final class SampleRule {
    /** The bounds of {@code terms.sampleCount}. */
    public static final int MIN_SAMPLES = 1;
    public static final int MAX_SAMPLES = 16;

    private SampleRule() {}

    /**
     * The sampled fragment indices, in draw order.
     *
     * @param seed the 32-byte beacon
     * @param fragmentCount F >= 1
     * @param sampleCount the release's sample count, 1..16
     */
    public static List<Integer> sample(byte[] seed, int fragmentCount, int sampleCount) {
        if (seed == null || seed.length != 32) throw new IllegalArgumentException("the sample seed is 32 bytes, got " + (seed == null ? "none" : seed.length));
        if (fragmentCount < 1) throw new IllegalArgumentException("fragment count " + fragmentCount + " must be at least 1");
        if (sampleCount < MIN_SAMPLES || sampleCount > MAX_SAMPLES) {
            throw new IllegalArgumentException("sample count " + sampleCount + " must be in " + MIN_SAMPLES + ".." + MAX_SAMPLES);
        }
        int r = Math.min(sampleCount, fragmentCount);
        BigInteger f = BigInteger.valueOf(fragmentCount);
        List<Integer> taken = new ArrayList<>(r);
        byte[] encoded = new byte[64];
        System.arraycopy(seed, 0, encoded, 0, 32);
        for (long c = 0; taken.size() < r; c++) {
            for (int i = 0; i < 8; i++) encoded[63 - i] = (byte) (c >>> (8 * i));
            int i = new BigInteger(1, FragmentTree.keccak(encoded)).mod(f).intValueExact();
            if (!taken.contains(i)) taken.add(i);
        }
        return List.copyOf(taken);
    }
}
