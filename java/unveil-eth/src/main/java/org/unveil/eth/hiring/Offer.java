package org.unveil.eth.hiring;

import java.util.List;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.eth.Eip712;
import org.unveil.eth.ReleaseSignatures;
import tools.jackson.databind.node.ObjectNode;

/**
 * A bot's answer to a {@link Solicitation} (spec/keyholder-protocol.md section 4.3), signed by the
 * release key it derived for that release, so the signature itself proves the bot holds the key
 * whose address the artist registers: the release key's address, the solicitation's typed-data
 * hash, the keyholder taking the slot, and the Unix second until which the offer holds.
 */
public record Offer(String releaseKey, String solicitationHash, String keyholder, long validUntil) implements HiringMessage {
    public static final String TYPE = "Offer(address releaseKey,bytes32 solicitationHash,address keyholder,uint64 validUntil)";
    static final List<String> FIELDS = List.of("releaseKey", "solicitationHash", "keyholder", "validUntil", "signature");
    private static final byte[] TYPE_HASH = Eip712.keccak(TYPE);

    public Offer {
        releaseKey = Fields.address(releaseKey, "releaseKey");
        Fields.bytes32(solicitationHash, "solicitationHash");
        keyholder = Fields.address(keyholder, "keyholder");
        Fields.uint(validUntil, "validUntil");
    }

    /** The offer of {@code key} for {@code solicitation}. */
    public static Offer answering(Solicitation solicitation, ReleaseKey key, String keyholder, long validUntil) {
        return new Offer(key.address(), Fields.hex(solicitation.digest()), keyholder, validUntil);
    }

    @Override
    public byte[] structHash() {
        return Eip712.hash(TYPE_HASH, Eip712.address(releaseKey), Fields.bytes(solicitationHash), Eip712.address(keyholder),
                Eip712.word(validUntil));
    }

    /** The typed-data hash under the solicitation's domain (the offer carries no chain or factory of its own). */
    public byte[] digest(HiringDomain domain) {
        return domain.digest(structHash());
    }

    public Signed<Offer> sign(ReleaseKey key, HiringDomain domain) {
        if (!key.address().equals(releaseKey)) {
            throw new IllegalArgumentException("the offer names release key " + releaseKey + " but the key is " + key.address());
        }
        return new Signed<>(this, Fields.hex(ReleaseSignatures.sign(digest(domain), key)));
    }

    /**
     * Checks that {@code signature} is the release key's under {@code domain} and that the offer
     * holds at {@code nowSeconds}; {@link #checkAnswers} ties it to the solicitation sent.
     *
     * @return the release key's address
     */
    public String verify(String signature, HiringDomain domain, long nowSeconds) throws HiringMessageException {
        String signer = Checks.signer("the offer", structHash(), signature, domain, releaseKey, "release key");
        Checks.notExpired("the offer", validUntil, nowSeconds);
        return signer;
    }

    /**
     * The release public key (33 bytes, compressed) that signed this offer: what the artist seals
     * the slot's share to. Call after {@link #verify}, which checks that it is {@code releaseKey}'s.
     */
    public byte[] releasePublicKey(String signature, HiringDomain domain) {
        return Eip712.recoverPublicKey(digest(domain), Fields.bytes(signature));
    }

    /**
     * Checks that this offer answers {@code solicitation} and comes from {@code expectedKeyholder}.
     *
     * @throws HiringMessageException {@link RefusalCode#WRONG_SOLICITATION} if not
     */
    public void checkAnswers(Solicitation solicitation, String expectedKeyholder) throws HiringMessageException {
        String hash = Fields.hex(solicitation.digest());
        if (!solicitationHash.equals(hash)) {
            throw new HiringMessageException(RefusalCode.WRONG_SOLICITATION, "the offer answers solicitation " + solicitationHash
                    + ", not the one sent (" + hash + "); discard it and solicit again");
        }
        if (!keyholder.equals(Fields.address(expectedKeyholder, "expected keyholder"))) {
            throw new HiringMessageException(RefusalCode.WRONG_SOLICITATION, "the offer is from keyholder " + keyholder + ", not "
                    + expectedKeyholder + " that was solicited; discard it");
        }
    }

    void write(ObjectNode o) {
        o.put("releaseKey", releaseKey).put("solicitationHash", solicitationHash).put("keyholder", keyholder).put("validUntil", validUntil);
    }

    /** Parses the wire form strictly. @throws HiringMessageException {@code malformed} or {@code too-large} */
    public static Signed<Offer> fromJson(byte[] json) throws HiringMessageException {
        WireJson w = WireJson.parse(json, "the offer", FIELDS);
        try {
            Offer o = new Offer(w.address("releaseKey"), w.bytes32("solicitationHash"), w.address("keyholder"),
                    w.uint("validUntil", WireJson.MAX_SAFE));
            return new Signed<>(o, w.signature("signature"));
        } catch (IllegalArgumentException e) {
            throw WireJson.malformed("the offer: " + e.getMessage());
        }
    }
}
