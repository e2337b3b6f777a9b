package org.unveil.eth.hiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unveil.eth.hiring.HiringVectorGenerator.DOMAIN;
import static org.unveil.eth.hiring.HiringVectorGenerator.ETH;
import static org.unveil.eth.hiring.HiringVectorGenerator.NOW;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.unveil.eth.Eip712;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Round trips, the verifier's refusals one by one, and the refusal body. */
class HiringMessagesTest {
    private final Solicitation solicitation = HiringVectorGenerator.solicitation(31337, "unit", 2, 9, ETH, "1000000000000000000");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static RefusalCode refusal(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(HiringMessageException.class, e).code();
    }

    @Test
    void everyMessageSurvivesItsWireFormAndVerifiesToItsSigner() throws Exception {
        for (Signed<? extends HiringMessage> s : HiringVectorGenerator.messages()) {
            Signed<? extends HiringMessage> back = HiringVectorsTest.parse(HiringVectorGenerator.typeName(s.message()), s.toJson());
            assertEquals(s, back);
            assertEquals(s.toJson(), back.toJson());
            String signer = back.verify(DOMAIN, NOW);
            assertTrue(Set.of(HiringVectorGenerator.operator().getAddress(), HiringVectorGenerator.artist().getAddress(),
                    HiringVectorGenerator.releaseKey().address()).contains(signer), signer);
        }
    }

    @Test
    void signingRefusesAKeyThatIsNotTheNamedSigner() {
        assertThrows(IllegalArgumentException.class, () -> solicitation.sign(HiringVectorGenerator.operator()));
        assertThrows(IllegalArgumentException.class, () -> HiringVectorGenerator.info(31337, HiringVectorGenerator.policy(List.of(ETH)), 1, "v")
                .sign(HiringVectorGenerator.artist()));
        Offer offer = Offer.answering(solicitation, HiringVectorGenerator.releaseKey(), HiringVectorGenerator.keyholder().getAddress(), NOW);
        assertThrows(IllegalArgumentException.class, () -> offer.sign(org.unveil.archive.keys.ReleaseKey.fromBytes(HiringVectorGenerator.label("other")), DOMAIN));
    }

    @Test
    void aChangedFieldUnderTheSameSignatureIsABadSignature() throws Exception {
        ObjectNode o = (ObjectNode) HiringVectorGenerator.JSON.readTree(solicitation.sign(HiringVectorGenerator.artist()).toJson());
        o.put("keyholderFee", "1");
        Signed<Solicitation> tampered = Solicitation.fromJson(utf8(o.toString()));
        assertEquals(RefusalCode.BAD_SIGNATURE, refusal(() -> tampered.verify(DOMAIN, NOW)));
    }

    @Test
    void expiryAllowsSixtySecondsOfSkewAndNotOneMore() throws Exception {
        Signed<Solicitation> s = solicitation.sign(HiringVectorGenerator.artist());
        assertEquals(solicitation.artist(), s.verify(DOMAIN, solicitation.expiresAt() + 60));
        assertEquals(RefusalCode.EXPIRED, refusal(() -> s.verify(DOMAIN, solicitation.expiresAt() + 61)));
        assertEquals(solicitation.artist(), s.verify(DOMAIN, solicitation.expiresAt() - Solicitation.MAX_LIFETIME_SECONDS - 60));
        assertEquals(RefusalCode.OUTSIDE_POLICY, refusal(() -> s.verify(DOMAIN, solicitation.expiresAt() - Solicitation.MAX_LIFETIME_SECONDS - 61)));
    }

    @Test
    void thePolicyNamesEachTermItRefuses() {
        Policy p = HiringVectorGenerator.policy(List.of(ETH));
        assertEquals(RefusalCode.OUTSIDE_POLICY, refusal(() -> p.check(with(solicitation, "keyholderFee", "1"))));
        assertEquals(RefusalCode.OUTSIDE_POLICY, refusal(() -> p.check(with(solicitation, "deposit", "1"))));
        assertEquals(RefusalCode.OUTSIDE_POLICY, refusal(() -> p.check(withNumber(solicitation, "revealWindow", 60))));
        assertEquals(RefusalCode.TOO_LARGE, refusal(() -> p.check(withNumber(solicitation, "maxArchiveBytes", (1L << 30) + 1))));
        HiringMessageException e = assertThrows(HiringMessageException.class, () -> p.check(withNumber(solicitation, "revealWindow", 60)));
        assertTrue(e.getMessage().contains("revealWindow 60 s"), e.getMessage());
    }

    @Test
    void anOfferIsTiedToItsSolicitationAndItsKeyholder() throws Exception {
        Offer offer = Offer.answering(solicitation, HiringVectorGenerator.releaseKey(), HiringVectorGenerator.keyholder().getAddress(), NOW);
        offer.checkAnswers(solicitation, HiringVectorGenerator.keyholder().getAddress());
        assertEquals(RefusalCode.WRONG_SOLICITATION, refusal(() -> offer.checkAnswers(solicitation, HiringVectorGenerator.operator().getAddress())));
        assertEquals(RefusalCode.WRONG_SOLICITATION, refusal(() -> offer.checkAnswers(with(solicitation, "goal", "20000000000000000000"),
                HiringVectorGenerator.keyholder().getAddress())));
    }

    @Test
    void theReleaseMustFollowFromArtistAndSaltForThisImplementation() throws Exception {
        solicitation.checkRelease(HiringVectorGenerator.IMPLEMENTATION);
        // Chain clients hand out EIP-55 mixed case; the Java API takes it, only the wire insists on lowercase.
        solicitation.checkRelease(org.web3j.crypto.Keys.toChecksumAddress(HiringVectorGenerator.IMPLEMENTATION));
        assertEquals(HiringVectorGenerator.FACTORY,
                new HiringDomain(31337, org.web3j.crypto.Keys.toChecksumAddress(HiringVectorGenerator.FACTORY)).factory());
        assertEquals(RefusalCode.ADDRESS_MISMATCH, refusal(() -> solicitation.checkRelease(HiringVectorGenerator.TOKEN)));
    }

    @Test
    void aBadlyFormedSignatureIsABadSignatureNotACrash() throws Exception {
        Signed<Solicitation> s = solicitation.sign(HiringVectorGenerator.artist());
        String zeroV = s.signature().substring(0, 130) + "00";
        assertEquals(RefusalCode.BAD_SIGNATURE, refusal(() -> new Signed<>(solicitation, zeroV).verify(DOMAIN, NOW)));
        String zeroR = "0x" + "0".repeat(64) + s.signature().substring(66);
        assertEquals(RefusalCode.BAD_SIGNATURE, refusal(() -> new Signed<>(solicitation, zeroR).verify(DOMAIN, NOW)));
        assertThrows(IllegalArgumentException.class, () -> Eip712.recover(solicitation.digest(), new byte[64]));
    }

    @Test
    void notJsonAndNotAnObjectAreMalformed() {
        assertEquals(RefusalCode.MALFORMED, refusal(() -> Solicitation.fromJson(utf8("{"))));
        assertEquals(RefusalCode.MALFORMED, refusal(() -> Offer.fromJson(utf8("[]"))));
        assertEquals(RefusalCode.MALFORMED, refusal(() -> KeyholderInfo.fromJson(utf8("{\"keyholder\": 1}"))));
    }

    @Test
    void theVectorsReachEveryRefusalTheMessagesAloneCanJustify() throws Exception {
        JsonNode root = HiringVectorGenerator.JSON.readTree(Files.readString(HiringVectorGenerator.vectorFile()));
        Set<String> covered = new TreeSet<>();
        root.get("invalid").forEach(c -> covered.add(c.get("code").asString()));
        // These need state, the chain or the server's load: the receiver's, not the message's (spec section 6);
        // the endpoints' own codes (section 8) are about releases and archives, not about a message.
        Set<RefusalCode> receivers = EnumSet.of(RefusalCode.REPLAYED_NONCE, RefusalCode.ALREADY_DEPLOYED, RefusalCode.RATE_LIMITED,
                RefusalCode.NO_CAPACITY, RefusalCode.INTERNAL, RefusalCode.NOT_FOUND, RefusalCode.BAD_ARCHIVE, RefusalCode.NOT_READY,
                RefusalCode.REFUSED);
        Set<String> pure = new TreeSet<>();
        for (RefusalCode c : EnumSet.complementOf(EnumSet.copyOf(receivers))) pure.add(c.wire());
        assertEquals(pure, covered);
    }

    @Test
    void aRefusalTravelsAsItsJsonBody() throws Exception {
        HiringMessageException e = new HiringMessageException(RefusalCode.NO_CAPACITY, "all 8 slots taken; try again in an hour");
        assertEquals("{\"error\":{\"code\":\"no-capacity\",\"message\":\"all 8 slots taken; try again in an hour\",\"retryable\":true}}", e.toJson());
        HiringMessageException back = HiringMessageException.fromJson(e.toJson());
        assertEquals(RefusalCode.NO_CAPACITY, back.code());
        assertEquals(e.getMessage(), back.getMessage());
        assertFalse(RefusalCode.EXPIRED.retryable());
        HiringMessageException unknown = HiringMessageException.fromJson("{\"error\":{\"code\":\"new-thing\",\"message\":\"m\",\"retryable\":false}}");
        assertEquals(RefusalCode.INTERNAL, unknown.code());
        assertTrue(unknown.getMessage().contains("new-thing"));
        assertEquals(RefusalCode.MALFORMED, refusal(() -> HiringMessageException.fromJson("{\"error\":{}}")));
    }

    private static Solicitation with(Solicitation s, String field, String value) {
        return rebuilt(s, o -> o.put(field, value));
    }

    private static Solicitation withNumber(Solicitation s, String field, long value) {
        return rebuilt(s, o -> o.put(field, value));
    }

    private static Solicitation rebuilt(Solicitation s, java.util.function.Consumer<ObjectNode> edit) {
        ObjectNode o = (ObjectNode) HiringVectorGenerator.JSON.readTree(s.sign(HiringVectorGenerator.artist()).toJson());
        edit.accept(o);
        try {
            return Solicitation.fromJson(utf8(o.toString())).message();
        } catch (HiringMessageException e) {
            throw new AssertionError(e);
        }
    }
}
