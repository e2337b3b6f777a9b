package org.unveil.eth.hiring;

import java.util.List;
import org.unveil.eth.Eip712;
import org.web3j.crypto.Credentials;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a keyholder bot states about itself at {@code GET /v1/info} (spec/keyholder-protocol.md
 * section 4.1), signed by its operator key: who it is, the chain and factory it serves, its
 * {@link Policy}, how many slots it would take now, its software version, and the Unix seconds
 * between which the statement holds.
 */
public record KeyholderInfo(String keyholder, String operator, long chainId, String factory, Policy policy, long freeSlots,
        String version, long issuedAt, long expiresAt) implements HiringMessage {
    public static final String TYPE = "Info(address keyholder,address operator,uint256 chainId,address factory,Policy policy,"
            + "uint32 freeSlots,string version,uint64 issuedAt,uint64 expiresAt)" + Policy.TYPE;
    static final List<String> FIELDS = List.of("keyholder", "operator", "chainId", "factory", "policy", "freeSlots", "version",
            "issuedAt", "expiresAt", "signature");
    static final int MAX_VERSION_CHARS = 64;
    private static final byte[] TYPE_HASH = Eip712.keccak(TYPE);

    public KeyholderInfo {
        keyholder = Fields.address(keyholder, "keyholder");
        operator = Fields.address(operator, "operator");
        Fields.positive(chainId, "chainId");
        factory = Fields.address(factory, "factory");
        if (policy == null) throw new IllegalArgumentException("policy required");
        if (freeSlots < 0 || freeSlots > 0xffffffffL) throw new IllegalArgumentException("freeSlots must be a uint32, got " + freeSlots);
        if (version == null || !version.matches("[\\x21-\\x7e]{1," + MAX_VERSION_CHARS + "}")) {
            throw new IllegalArgumentException("version must be 1 to " + MAX_VERSION_CHARS + " printable ASCII characters without spaces");
        }
        Fields.uint(issuedAt, "issuedAt");
        Fields.uint(expiresAt, "expiresAt");
        if (expiresAt < issuedAt) throw new IllegalArgumentException("expiresAt is before issuedAt");
    }

    public HiringDomain domain() {
        return new HiringDomain(chainId, factory);
    }

    @Override
    public byte[] structHash() {
        return Eip712.hash(TYPE_HASH, Eip712.address(keyholder), Eip712.address(operator), Eip712.word(chainId), Eip712.address(factory),
                policy.structHash(), Eip712.word(freeSlots), Eip712.keccak(version), Eip712.word(issuedAt), Eip712.word(expiresAt));
    }

    /** The typed-data hash the operator signs. */
    public byte[] digest() {
        return domain().digest(structHash());
    }

    public Signed<KeyholderInfo> sign(Credentials operatorKey) {
        return new Signed<>(this, Checks.sign(digest(), operatorKey, operator, "operator"));
    }

    /**
     * Checks chain and factory against {@code expected}, that {@code signature} is the operator's,
     * and that the statement holds at {@code nowSeconds}. Whether the operator is the keyholder's in
     * the registry is the caller's check (it needs the chain).
     *
     * @return the operator's address
     */
    public String verify(String signature, HiringDomain expected, long nowSeconds) throws HiringMessageException {
        Checks.context("the keyholder info", chainId, factory, expected);
        String signer = Checks.signer("the keyholder info", structHash(), signature, expected, operator, "operator");
        Checks.issued("the keyholder info", issuedAt, nowSeconds);
        Checks.notExpired("the keyholder info", expiresAt, nowSeconds);
        return signer;
    }

    void write(ObjectNode o) {
        o.put("keyholder", keyholder).put("operator", operator).put("chainId", chainId).put("factory", factory);
        policy.write(o.putObject("policy"));
        o.put("freeSlots", freeSlots).put("version", version).put("issuedAt", issuedAt).put("expiresAt", expiresAt);
    }

    /** Parses the wire form strictly. @throws HiringMessageException {@code malformed} or {@code too-large} */
    public static Signed<KeyholderInfo> fromJson(byte[] json) throws HiringMessageException {
        WireJson w = WireJson.parse(json, "the keyholder info", FIELDS);
        try {
            KeyholderInfo info = new KeyholderInfo(w.address("keyholder"), w.address("operator"), w.uint("chainId", WireJson.MAX_SAFE),
                    w.address("factory"), Policy.read(w.object("policy", Policy.FIELDS)), w.uint("freeSlots", 0xffffffffL),
                    w.string("version", MAX_VERSION_CHARS), w.uint("issuedAt", WireJson.MAX_SAFE), w.uint("expiresAt", WireJson.MAX_SAFE));
            return new Signed<>(info, w.signature("signature"));
        } catch (IllegalArgumentException e) {
            throw WireJson.malformed("the keyholder info: " + e.getMessage());
        }
    }
}
