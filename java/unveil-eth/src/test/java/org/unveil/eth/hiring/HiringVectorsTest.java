package org.unveil.eth.hiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.web3j.utils.Numeric;
import tools.jackson.databind.JsonNode;

/**
 * Runs the committed spec/vectors/keyholder-protocol.json (contracts/test/node/keyholder-protocol.test.js
 * checks the same file with viem) and checks it is what {@link HiringVectorGenerator} writes; with
 * {@code -Dunveil.vectors.write=true} it rewrites the file first.
 */
class HiringVectorsTest {
    @Test
    void committedVectorsAreWhatTheGeneratorWrites() throws Exception {
        if (Boolean.getBoolean("unveil.vectors.write")) HiringVectorGenerator.write();
        assertEquals(HiringVectorGenerator.text(), Files.readString(HiringVectorGenerator.vectorFile()),
                "spec/vectors/keyholder-protocol.json is stale: rerun HiringVectorsTest with -Dunveil.vectors.write=true");
    }

    private static JsonNode vectors() throws Exception {
        return HiringVectorGenerator.JSON.readTree(Files.readString(HiringVectorGenerator.vectorFile()));
    }

    static Signed<? extends HiringMessage> parse(String type, String wire) throws HiringMessageException {
        byte[] bytes = wire.getBytes(StandardCharsets.UTF_8);
        return switch (type) {
            case "Info" -> KeyholderInfo.fromJson(bytes);
            case "Solicitation" -> Solicitation.fromJson(bytes);
            case "Offer" -> Offer.fromJson(bytes);
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    @TestFactory
    Stream<DynamicTest> everyMessageParsesHashesAndVerifies() throws Exception {
        JsonNode root = vectors();
        long now = root.get("now").asLong();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("messages")) {
            tests.add(dynamicTest(c.get("type").asString() + " " + c.get("structHash").asString(), () -> {
                JsonNode d = c.get("domain");
                HiringDomain domain = new HiringDomain(d.get("chainId").asLong(), d.get("verifyingContract").asString());
                Signed<? extends HiringMessage> s = parse(c.get("type").asString(), c.get("wire").asString());
                assertEquals(c.get("wire").asString(), s.toJson(), "the wire form is canonical: parsed and written back, it is the same bytes");
                assertEquals(c.get("domainSeparator").asString(), Numeric.toHexString(domain.separator()));
                assertEquals(c.get("structHash").asString(), Numeric.toHexString(s.message().structHash()));
                assertEquals(c.get("digest").asString(), Numeric.toHexString(domain.digest(s.message().structHash())));
                assertEquals(c.get("signature").asString(), s.signature());
                assertEquals(c.get("signer").asString(), s.verify(domain, now));
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyInvalidWireIsRefusedWithItsCode() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : vectors().get("invalid")) {
            tests.add(dynamicTest(c.get("name").asString() + " -> " + c.get("code").asString(), () -> {
                HiringMessageException e = assertThrows(HiringMessageException.class, () -> receive(c));
                assertEquals(c.get("code").asString(), e.code().wire(), e.getMessage());
            }));
        }
        return tests.stream();
    }

    /** What a receiver does with an invalid case, in the order of spec/keyholder-protocol.md section 5. */
    private static void receive(JsonNode c) throws HiringMessageException {
        JsonNode e = c.get("expected");
        HiringDomain expected = new HiringDomain(e.get("chainId").asLong(), e.get("factory").asString());
        Signed<? extends HiringMessage> s = parse(c.get("type").asString(), c.get("wire").asString());
        s.verify(expected, c.get("now").asLong());
        if (c.has("implementation")) ((Solicitation) s.message()).checkRelease(c.get("implementation").asString());
        if (c.has("policy")) Policy.read(WireJson.of(c.get("policy"), "policy", Policy.FIELDS)).check((Solicitation) s.message());
        if (c.has("solicitation")) {
            Solicitation sent = Solicitation.fromJson(c.get("solicitation").asString().getBytes(StandardCharsets.UTF_8)).message();
            ((Offer) s.message()).checkAnswers(sent, c.get("keyholder").asString());
        }
    }

    @Test
    void theReleasesAreWhereTheFactoryPutsThem() throws Exception {
        for (JsonNode r : vectors().get("releases")) {
            assertEquals(r.get("release").asString(), ClonePrediction.predict(r.get("factory").asString(), r.get("implementation").asString(),
                    r.get("artist").asString(), r.get("salt").asString()));
        }
    }
}
