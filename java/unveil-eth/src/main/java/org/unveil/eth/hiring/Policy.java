package org.unveil.eth.hiring;

import java.math.BigInteger;
import java.util.List;
import org.unveil.eth.Eip712;
import tools.jackson.databind.node.ObjectNode;

/**
 * The terms a keyholder bot takes work on, as its {@link KeyholderInfo} states them: deposit range
 * and minimum fee per slot in the release's token's base units, reveal-window bounds in seconds,
 * the largest archive it stores in bytes, and the tokens it accepts (the zero address is ETH), in
 * ascending order without repeats so the list has one encoding.
 */
public record Policy(BigInteger minDeposit, BigInteger maxDeposit, BigInteger minFeePerSlot, long minRevealWindow,
        long maxRevealWindow, long maxArchiveBytes, List<String> tokens) {
    public static final String TYPE = "Policy(uint256 minDeposit,uint256 maxDeposit,uint256 minFeePerSlot,uint64 minRevealWindow,"
            + "uint64 maxRevealWindow,uint64 maxArchiveBytes,address[] tokens)";
    static final List<String> FIELDS = List.of("minDeposit", "maxDeposit", "minFeePerSlot", "minRevealWindow", "maxRevealWindow",
            "maxArchiveBytes", "tokens");
    /** A release is paid in one token; a bot listing more than the release's slot limit gains nothing. */
    static final int MAX_TOKENS = 32;
    private static final byte[] TYPE_HASH = Eip712.keccak(TYPE);

    public Policy {
        Fields.uint256(minDeposit, "minDeposit");
        Fields.uint256(maxDeposit, "maxDeposit");
        Fields.uint256(minFeePerSlot, "minFeePerSlot");
        if (minDeposit.compareTo(maxDeposit) > 0) throw new IllegalArgumentException("minDeposit is above maxDeposit");
        Fields.uint(minRevealWindow, "minRevealWindow");
        Fields.uint(maxRevealWindow, "maxRevealWindow");
        if (minRevealWindow > maxRevealWindow) throw new IllegalArgumentException("minRevealWindow is above maxRevealWindow");
        Fields.positive(maxArchiveBytes, "maxArchiveBytes");
        if (tokens.isEmpty() || tokens.size() > MAX_TOKENS) throw new IllegalArgumentException("tokens must list 1 to " + MAX_TOKENS + " tokens");
        String[] lower = new String[tokens.size()];
        for (int i = 0; i < lower.length; i++) lower[i] = Fields.address(tokens.get(i), "tokens[" + i + "]");
        tokens = List.of(lower);
        for (int i = 1; i < tokens.size(); i++) {
            if (tokens.get(i - 1).compareTo(tokens.get(i)) >= 0) {
                throw new IllegalArgumentException("tokens must be in ascending order without repeats (tokens[" + i + "])");
            }
        }
    }

    public byte[] structHash() {
        byte[][] words = tokens.stream().map(Eip712::address).toArray(byte[][]::new);
        return Eip712.hash(TYPE_HASH, Eip712.word(minDeposit), Eip712.word(maxDeposit), Eip712.word(minFeePerSlot),
                Eip712.word(minRevealWindow), Eip712.word(maxRevealWindow), Eip712.word(maxArchiveBytes), Eip712.hash(words));
    }

    /**
     * Whether these terms take {@code s}: its token listed, deposit in range, fee at least the
     * minimum, reveal window within bounds, archive no larger than the bot stores.
     *
     * @throws HiringMessageException {@link RefusalCode#OUTSIDE_POLICY} or {@link RefusalCode#TOO_LARGE}, naming the term
     */
    public void check(Solicitation s) throws HiringMessageException {
        if (!tokens.contains(s.token())) refuse("token " + s.token() + " is not one this keyholder takes (" + tokens + ")");
        if (s.deposit().compareTo(minDeposit) < 0 || s.deposit().compareTo(maxDeposit) > 0) {
            refuse("deposit " + s.deposit() + " is outside [" + minDeposit + ", " + maxDeposit + "]");
        }
        if (s.keyholderFee().compareTo(minFeePerSlot) < 0) refuse("keyholderFee " + s.keyholderFee() + " is below the minimum " + minFeePerSlot);
        if (s.revealWindow() < minRevealWindow || s.revealWindow() > maxRevealWindow) {
            refuse("revealWindow " + s.revealWindow() + " s is outside [" + minRevealWindow + ", " + maxRevealWindow + "] s");
        }
        if (s.maxArchiveBytes() > maxArchiveBytes) {
            throw new HiringMessageException(RefusalCode.TOO_LARGE, "the archive may be " + s.maxArchiveBytes()
                    + " bytes; this keyholder stores at most " + maxArchiveBytes + "; solicit another keyholder or cut the archive");
        }
    }

    private static void refuse(String why) throws HiringMessageException {
        throw new HiringMessageException(RefusalCode.OUTSIDE_POLICY, why + "; solicit with terms inside the keyholder's policy (GET /v1/info)");
    }

    void write(ObjectNode o) {
        o.put("minDeposit", minDeposit.toString()).put("maxDeposit", maxDeposit.toString()).put("minFeePerSlot", minFeePerSlot.toString())
                .put("minRevealWindow", minRevealWindow).put("maxRevealWindow", maxRevealWindow).put("maxArchiveBytes", maxArchiveBytes);
        var t = o.putArray("tokens");
        tokens.forEach(t::add);
    }

    static Policy read(WireJson w) throws HiringMessageException {
        return new Policy(w.uint256("minDeposit"), w.uint256("maxDeposit"), w.uint256("minFeePerSlot"),
                w.uint("minRevealWindow", WireJson.MAX_SAFE), w.uint("maxRevealWindow", WireJson.MAX_SAFE),
                w.uint("maxArchiveBytes", WireJson.MAX_SAFE), w.addresses("tokens", MAX_TOKENS));
    }
}
