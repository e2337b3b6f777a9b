package org.unveil.eth.hiring;

import static org.unveil.eth.hiring.HiringVectorGenerator.DOMAIN;
import static org.unveil.eth.hiring.HiringVectorGenerator.ETH;
import static org.unveil.eth.hiring.HiringVectorGenerator.FACTORY;
import static org.unveil.eth.hiring.HiringVectorGenerator.IMPLEMENTATION;
import static org.unveil.eth.hiring.HiringVectorGenerator.JSON;
import static org.unveil.eth.hiring.HiringVectorGenerator.NOW;
import static org.unveil.eth.hiring.HiringVectorGenerator.TOKEN;

import java.math.BigInteger;
import java.util.List;
import org.unveil.eth.Eip712;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The `invalid` section of keyholder-protocol.json: wires a receiver must refuse, each with its code. */
final class HiringInvalidCases {
    private HiringInvalidCases() {}

    static void add(ArrayNode out) {
        Solicitation first = HiringVectorGenerator.solicitation(31337, "salt a", 0, 0, ETH, "1000000000000000000");
        Signed<Solicitation> signed = first.sign(HiringVectorGenerator.artist());
        String wire = signed.toJson();
        HiringDomain otherFactory = new HiringDomain(31337, TOKEN);

        add(out, "high-s twin of a valid signature", "Solicitation", replace(wire, "signature", HiringVectorGenerator.highS(signed.signature())),
                DOMAIN, NOW, "bad-signature");
        add(out, "signed by another account than the artist", "Solicitation",
                new Signed<>(first, Fields.hex(Eip712.sign(first.digest(), HiringVectorGenerator.operator().getEcKeyPair()))).toJson(),
                DOMAIN, NOW, "bad-signature");
        add(out, "signed for chain 1, sent to a bot on 31337", "Solicitation",
                HiringVectorGenerator.solicitation(1, "salt a", 0, 0, ETH, "1000000000000000000").sign(HiringVectorGenerator.artist()).toJson(),
                DOMAIN, NOW, "wrong-chain");
        add(out, "sent to a bot serving another factory", "Solicitation", wire, otherFactory, NOW, "wrong-factory");
        add(out, "expired more than the 60 s skew ago", "Solicitation", wire, DOMAIN, first.expiresAt() + 61, "expired");
        add(out, "expires more than an hour (plus skew) ahead", "Solicitation", wire, DOMAIN, NOW - 3000, "outside-policy");
        add(out, "unknown field", "Solicitation", with(wire, o -> o.put("note", "hi")), DOMAIN, NOW, "malformed");
        add(out, "missing field", "Solicitation", with(wire, o -> o.remove("nonce")), DOMAIN, NOW, "malformed");
        add(out, "upper-case hex in an address", "Solicitation", replace(wire, "artist", first.artist().toUpperCase().replace("0X", "0x")),
                DOMAIN, NOW, "malformed");
        add(out, "odd-length hex salt", "Solicitation", replace(wire, "salt", first.salt().substring(0, 65)), DOMAIN, NOW, "malformed");
        add(out, "amount as a JSON number", "Solicitation", with(wire, o -> o.put("deposit", 1000)), DOMAIN, NOW, "malformed");
        add(out, "amount with a leading zero", "Solicitation", replace(wire, "deposit", "01000000000000000000"), DOMAIN, NOW, "malformed");
        add(out, "amount of 2^256", "Solicitation", replace(wire, "deposit", BigInteger.ONE.shiftLeft(256).toString()), DOMAIN, NOW, "malformed");
        add(out, "time as a string", "Solicitation", replace(wire, "expiresAt", Long.toString(first.expiresAt())), DOMAIN, NOW, "malformed");
        add(out, "time as a fraction", "Solicitation", with(wire, o -> o.put("expiresAt", first.expiresAt() + 0.5)), DOMAIN, NOW, "malformed");
        add(out, "duplicate field", "Solicitation", wire.substring(0, wire.length() - 1) + ",\"slot\":1}", DOMAIN, NOW, "malformed");
        add(out, "body above 8 KiB", "Solicitation", wire.substring(0, wire.length() - 1) + " ".repeat(WireJson.MAX_BYTES) + "}",
                DOMAIN, NOW, "too-large");
        Solicitation elsewhere = new Solicitation(31337, FACTORY, TOKEN, first.artist(), first.salt(), 0, 0, ETH, first.deposit(),
                first.keyholderFee(), first.enrolDeadline(), first.pledgeDeadline(), first.revealWindow(), first.goal(),
                first.maxArchiveBytes(), first.nonce(), first.expiresAt());
        out.add(base("release address that does not follow from artist and salt", "Solicitation",
                elsewhere.sign(HiringVectorGenerator.artist()).toJson(), DOMAIN, NOW, "address-mismatch").put("implementation", IMPLEMENTATION));
        Policy narrow = HiringVectorGenerator.policy(List.of(ETH));
        out.add(withPolicy(base("deposit above the policy's maximum", "Solicitation",
                HiringVectorGenerator.solicitation(31337, "salt c", 0, 1, ETH, "6000000000000000000").sign(HiringVectorGenerator.artist()).toJson(),
                DOMAIN, NOW, "outside-policy"), narrow));
        out.add(withPolicy(base("token the policy does not list", "Solicitation",
                HiringVectorGenerator.solicitation(31337, "salt c", 0, 1, TOKEN, "1000000000000000000").sign(HiringVectorGenerator.artist()).toJson(),
                DOMAIN, NOW, "outside-policy"), narrow));
        Policy small = new Policy(narrow.minDeposit(), narrow.maxDeposit(), narrow.minFeePerSlot(), narrow.minRevealWindow(),
                narrow.maxRevealWindow(), 1_000_000, narrow.tokens());
        out.add(withPolicy(base("archive larger than the policy stores", "Solicitation", wire, DOMAIN, NOW, "too-large"), small));

        Signed<org.unveil.eth.hiring.KeyholderInfo> info = HiringVectorGenerator.info(31337, narrow, 3, "0.1.0").sign(HiringVectorGenerator.operator());
        add(out, "info issued in the future", "Info", info.toJson(), DOMAIN, NOW - 200, "expired");
        add(out, "info expired", "Info", info.toJson(), DOMAIN, info.message().expiresAt() + 61, "expired");
        add(out, "info tokens not in ascending order", "Info", with(info.toJson(), o -> {
            ArrayNode t = ((ObjectNode) o.get("policy")).putArray("tokens");
            t.add(TOKEN).add(ETH);
        }), DOMAIN, NOW, "malformed");
        add(out, "info for chain 5", "Info", HiringVectorGenerator.info(5, narrow, 3, "0.1.0").sign(HiringVectorGenerator.operator()).toJson(),
                DOMAIN, NOW, "wrong-chain");

        Offer offer = Offer.answering(first, HiringVectorGenerator.releaseKey(), HiringVectorGenerator.keyholder().getAddress(), NOW + 300);
        add(out, "offer signed under another chain's domain", "Offer",
                offer.sign(HiringVectorGenerator.releaseKey(), new HiringDomain(1, FACTORY)).toJson(), DOMAIN, NOW, "bad-signature");
        add(out, "offer expired", "Offer", offer.sign(HiringVectorGenerator.releaseKey(), DOMAIN).toJson(), DOMAIN, NOW + 361, "expired");
        Solicitation other = HiringVectorGenerator.solicitation(31337, "salt b", 0, 0, ETH, "1000000000000000000");
        out.add(base("offer answering another solicitation", "Offer", offer.sign(HiringVectorGenerator.releaseKey(), DOMAIN).toJson(),
                DOMAIN, NOW, "wrong-solicitation").put("solicitation", other.sign(HiringVectorGenerator.artist()).toJson())
                .put("keyholder", HiringVectorGenerator.keyholder().getAddress()));
    }

    private static void add(ArrayNode out, String name, String type, String wire, HiringDomain expected, long now, String code) {
        out.add(base(name, type, wire, expected, now, code));
    }

    private static ObjectNode base(String name, String type, String wire, HiringDomain expected, long now, String code) {
        ObjectNode c = JSON.createObjectNode();
        c.put("name", name).put("type", type).put("wire", wire);
        c.putObject("expected").put("chainId", expected.chainId()).put("factory", expected.factory());
        c.put("now", now).put("code", code);
        return c;
    }

    private static ObjectNode withPolicy(ObjectNode c, Policy p) {
        p.write(c.putObject("policy"));
        return c;
    }

    private static String replace(String wire, String field, String value) {
        return with(wire, o -> o.put(field, value));
    }

    private static String with(String wire, java.util.function.Consumer<ObjectNode> edit) {
        ObjectNode o = (ObjectNode) JSON.readTree(wire);
        edit.accept(o);
        return JSON.writeValueAsString(o);
    }
}
