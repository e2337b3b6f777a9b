package org.unveil.eth.hiring;

import java.math.BigInteger;
import java.util.List;
import org.unveil.eth.Eip712;
import org.web3j.crypto.Credentials;
import tools.jackson.databind.node.ObjectNode;

/**
 * An artist's request to a keyholder bot to take one slot of a release not yet created
 * ({@code POST /v1/solicit}, spec/keyholder-protocol.md section 4.2), signed by the artist's
 * account: the release's predicted address and the salt it follows from, the slot, the terms that
 * slot will carry on chain (token, amounts in its base units, deadlines in Unix seconds, reveal
 * window in seconds), the largest archive the bot will be asked to store, a random nonce and the
 * time after which the request is void.
 */
public record Solicitation(long chainId, String factory, String release, String artist, String salt, int group, int slot,
        String token, BigInteger deposit, BigInteger keyholderFee, long enrolDeadline, long pledgeDeadline, long revealWindow,
        BigInteger goal, long maxArchiveBytes, String nonce, long expiresAt) implements HiringMessage {
    public static final String TYPE = "Solicitation(uint256 chainId,address factory,address release,address artist,bytes32 salt,"
            + "uint8 group,uint8 slot,address token,uint256 deposit,uint256 keyholderFee,uint64 enrolDeadline,uint64 pledgeDeadline,"
            + "uint64 revealWindow,uint256 goal,uint64 maxArchiveBytes,bytes32 nonce,uint64 expiresAt)";
    /** A receiver remembers nonces until the solicitation expires, so it bounds how far ahead that may be. */
    public static final long MAX_LIFETIME_SECONDS = 3600;
    static final List<String> FIELDS = List.of("chainId", "factory", "release", "artist", "salt", "group", "slot", "token", "deposit",
            "keyholderFee", "enrolDeadline", "pledgeDeadline", "revealWindow", "goal", "maxArchiveBytes", "nonce", "expiresAt", "signature");
    /** spec/release-protocol.md section 2: at most 8 groups and 32 slots. */
    static final int MAX_GROUP = 7;
    static final int MAX_SLOT = 31;
    private static final byte[] TYPE_HASH = Eip712.keccak(TYPE);

    public Solicitation {
        Fields.positive(chainId, "chainId");
        factory = Fields.address(factory, "factory");
        release = Fields.address(release, "release");
        artist = Fields.address(artist, "artist");
        Fields.bytes32(salt, "salt");
        if (group < 0 || group > MAX_GROUP) throw new IllegalArgumentException("group must be in [0, " + MAX_GROUP + "], got " + group);
        if (slot < 0 || slot > MAX_SLOT) throw new IllegalArgumentException("slot must be in [0, " + MAX_SLOT + "], got " + slot);
        token = Fields.address(token, "token");
        if (Fields.uint256(deposit, "deposit").signum() == 0) throw new IllegalArgumentException("deposit must be positive");
        Fields.uint256(keyholderFee, "keyholderFee");
        Fields.uint(enrolDeadline, "enrolDeadline");
        Fields.uint(pledgeDeadline, "pledgeDeadline");
        if (pledgeDeadline <= enrolDeadline) throw new IllegalArgumentException("pledgeDeadline must be after enrolDeadline");
        Fields.positive(revealWindow, "revealWindow");
        if (Fields.uint256(goal, "goal").signum() == 0) throw new IllegalArgumentException("goal must be positive");
        Fields.positive(maxArchiveBytes, "maxArchiveBytes");
        Fields.bytes32(nonce, "nonce");
        Fields.uint(expiresAt, "expiresAt");
    }

    public HiringDomain domain() {
        return new HiringDomain(chainId, factory);
    }

    @Override
    public byte[] structHash() {
        return Eip712.hash(TYPE_HASH, Eip712.word(chainId), Eip712.address(factory), Eip712.address(release), Eip712.address(artist),
                Fields.bytes(salt), Eip712.word(group), Eip712.word(slot), Eip712.address(token), Eip712.word(deposit),
                Eip712.word(keyholderFee), Eip712.word(enrolDeadline), Eip712.word(pledgeDeadline), Eip712.word(revealWindow),
                Eip712.word(goal), Eip712.word(maxArchiveBytes), Fields.bytes(nonce), Eip712.word(expiresAt));
    }

    /** The typed-data hash the artist signs; an {@link Offer} names it as {@code solicitationHash}. */
    public byte[] digest() {
        return domain().digest(structHash());
    }

    public Signed<Solicitation> sign(Credentials artistKey) {
        return new Signed<>(this, Checks.sign(digest(), artistKey, artist, "artist"));
    }

    /**
     * Checks chain and factory against {@code expected}, that {@code signature} is the artist's, that
     * the solicitation has not expired at {@code nowSeconds} and does not claim to hold for more than
     * {@value #MAX_LIFETIME_SECONDS} s. The nonce, the chain and the receiver's policy are the
     * caller's checks ({@link #checkRelease}, {@link Policy#check}).
     *
     * @return the artist's address
     */
    public String verify(String signature, HiringDomain expected, long nowSeconds) throws HiringMessageException {
        Checks.context("the solicitation", chainId, factory, expected);
        String signer = Checks.signer("the solicitation", structHash(), signature, expected, artist, "artist");
        Checks.notExpired("the solicitation", expiresAt, nowSeconds);
        if (expiresAt > nowSeconds + MAX_LIFETIME_SECONDS + Checks.SKEW_SECONDS) {
            throw new HiringMessageException(RefusalCode.OUTSIDE_POLICY, "the solicitation expires at " + expiresAt + ", more than "
                    + MAX_LIFETIME_SECONDS + " s from now (" + nowSeconds + "); sign one that expires sooner");
        }
        return signer;
    }

    /**
     * Checks that {@code release} is the address the factory will give the release of
     * {@code artist} and {@code salt} (spec/release-protocol.md section 1.1), for the factory's
     * {@code implementation()}. Whether it is still undeployed is the caller's check.
     *
     * @throws HiringMessageException {@link RefusalCode#ADDRESS_MISMATCH} if it is not
     */
    public void checkRelease(String implementation) throws HiringMessageException {
        String predicted = ClonePrediction.predict(factory, Fields.address(implementation, "implementation"), artist, salt);
        if (!predicted.equals(release)) {
            throw new HiringMessageException(RefusalCode.ADDRESS_MISMATCH, "the release " + release + " is not where the factory creates"
                    + " artist " + artist + "'s release of this salt (" + predicted + "); use the address `unveil release predict` gives");
        }
    }

    void write(ObjectNode o) {
        o.put("chainId", chainId).put("factory", factory).put("release", release).put("artist", artist).put("salt", salt)
                .put("group", group).put("slot", slot).put("token", token).put("deposit", deposit.toString())
                .put("keyholderFee", keyholderFee.toString()).put("enrolDeadline", enrolDeadline).put("pledgeDeadline", pledgeDeadline)
                .put("revealWindow", revealWindow).put("goal", goal.toString()).put("maxArchiveBytes", maxArchiveBytes)
                .put("nonce", nonce).put("expiresAt", expiresAt);
    }

    /** Parses the wire form strictly. @throws HiringMessageException {@code malformed} or {@code too-large} */
    public static Signed<Solicitation> fromJson(byte[] json) throws HiringMessageException {
        WireJson w = WireJson.parse(json, "the solicitation", FIELDS);
        try {
            Solicitation s = new Solicitation(w.uint("chainId", WireJson.MAX_SAFE), w.address("factory"), w.address("release"),
                    w.address("artist"), w.bytes32("salt"), (int) w.uint("group", 255), (int) w.uint("slot", 255), w.address("token"),
                    w.uint256("deposit"), w.uint256("keyholderFee"), w.uint("enrolDeadline", WireJson.MAX_SAFE),
                    w.uint("pledgeDeadline", WireJson.MAX_SAFE), w.uint("revealWindow", WireJson.MAX_SAFE), w.uint256("goal"),
                    w.uint("maxArchiveBytes", WireJson.MAX_SAFE), w.bytes32("nonce"), w.uint("expiresAt", WireJson.MAX_SAFE));
            return new Signed<>(s, w.signature("signature"));
        } catch (IllegalArgumentException e) {
            throw WireJson.malformed("the solicitation: " + e.getMessage());
        }
    }
}
