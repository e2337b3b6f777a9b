package org.unveil.archive.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * Runs the committed spec/vectors (the files the browser implementation reads too) and checks they
 * are what {@link KeyVectorGenerator} produces. With {@code -Dunveil.vectors.write=true} the
 * freshness check rewrites the files instead.
 */
class KeyVectorsTest {

    private static JsonNode load(String name) throws Exception {
        return KeyVectorGenerator.JSON.readTree(Files.readString(KeyVectorGenerator.vectorDir().resolve(name)));
    }

    private static byte[] hex(JsonNode n, int length) {
        return Hex.decode(n.asString(), length, "vector field");
    }

    @Test
    void committedVectorsAreWhatTheGeneratorWrites() throws Exception {
        Path dir = KeyVectorGenerator.vectorDir();
        if (Boolean.getBoolean("unveil.vectors.write")) KeyVectorGenerator.write(dir);
        for (var e : KeyVectorGenerator.files().entrySet()) {
            assertEquals(e.getValue(), Files.readString(dir.resolve(e.getKey())), e.getKey()
                    + " is stale: rerun with -Dunveil.vectors.write=true (spec/keys.md, Test vectors)");
        }
    }

    @TestFactory
    Stream<DynamicTest> vss() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : load("vss.json").get("cases")) {
            String name = c.get("name").asString();
            List<BigInteger> coefficients = new ArrayList<>();
            c.get("coefficients").forEach(a -> coefficients.add(new BigInteger(1, hex(a, 32))));
            List<String> commitmentHex = new ArrayList<>();
            c.get("commitments").forEach(p -> commitmentHex.add(p.asString()));
            Commitments commitments = Commitments.fromHex(commitmentHex);
            tests.add(dynamicTest(name + ": split", () -> {
                ReleaseSecret s = ReleaseSecret.fromBytes(hex(c.get("secret"), 32));
                assertEquals(c.get("secretPublicKey").asString(), Hex.encode(s.publicKey()));
                FeldmanVss.SplitGroup g = FeldmanVss.split(s, coefficients, c.get("size").asInt());
                assertEquals(commitmentHex, g.commitments().toHex().stream().map(h -> h.substring(2)).toList());
                assertEquals(c.get("threshold").asInt(), g.commitments().threshold());
                for (int i = 0; i < g.shares().size(); i++) {
                    JsonNode share = c.get("shares").get(i);
                    assertEquals(share.get("identifier").asInt(), g.shares().get(i).identifier());
                    assertEquals(share.get("value").asString(), Hex.encode(g.shares().get(i).value()));
                }
            }));
            for (JsonNode v : c.get("verify")) {
                tests.add(dynamicTest(name + ": verify " + v.get("comment").asString(), () -> {
                    SecretShare share = new SecretShare(v.get("identifier").asInt(), hex(v.get("value"), 32));
                    if (v.get("valid").asBoolean()) {
                        FeldmanVss.verify(share, commitments);
                    } else {
                        assertThrows(InvalidShareException.class, () -> FeldmanVss.verify(share, commitments));
                    }
                }));
            }
            for (JsonNode k : c.get("combine")) {
                tests.add(dynamicTest(name + ": combine " + k.get("comment").asString(), () -> {
                    List<SecretShare> shares = new ArrayList<>();
                    for (JsonNode id : k.get("identifiers")) {
                        JsonNode share = c.get("shares").get(id.asInt() - 1);
                        shares.add(new SecretShare(id.asInt(), hex(share.get("value"), 32)));
                    }
                    if (k.get("valid").asBoolean()) {
                        assertArrayEquals(hex(k.get("secret"), 32), FeldmanVss.combine(shares, commitments).bytes());
                    } else {
                        assertThrows(InvalidShareException.class, () -> FeldmanVss.combine(shares, commitments));
                    }
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> ecies() throws Exception {
        JsonNode root = load("ecies.json");
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode e : root.get("encrypt")) {
            tests.add(dynamicTest("encrypt #" + i++ + " " + e.get("comment").asString(), () -> {
                byte[] ct = Ecies.encrypt(Secp256k1.decodePoint(hex(e.get("publicKey"), -1), "pk"), hex(e.get("plaintext"), -1),
                        hex(e.get("ephemeralSecret"), 32), hex(e.get("nonce"), 16));
                assertEquals(e.get("ciphertext").asString(), Hex.encode(ct));
            }));
        }
        for (JsonNode d : root.get("decrypt")) {
            tests.add(dynamicTest("decrypt " + d.get("comment").asString(), () -> {
                byte[] sk = hex(d.get("privateKey"), 32);
                byte[] ct = hex(d.get("ciphertext"), -1);
                if (d.get("valid").asBoolean()) {
                    assertEquals(d.get("plaintext").asString(), Hex.encode(Ecies.decrypt(sk, ct)));
                } else {
                    assertThrows(KeyException.class, () -> Ecies.decrypt(sk, ct));
                }
            }));
        }
        for (JsonNode env : root.get("shareEnvelopes")) {
            tests.add(dynamicTest("share envelope " + env.get("comment").asString(), () -> {
                JsonNode c = env.get("context");
                ShareContext ctx = new ShareContext(c.get("chainId").asLong(), c.get("factory").asString(),
                        c.get("release").asString(), hex(c.get("secretPublicKey"), 33), c.get("group").asInt(),
                        c.get("identifier").asInt());
                ReleaseKey key = ReleaseKey.fromBytes(hex(env.get("releaseKey"), 32));
                assertEquals(env.get("releasePublicKey").asString(), Hex.encode(key.publicKey()));
                SecretShare share = ShareEnvelope.open(hex(env.get("ciphertext"), -1), key, ctx);
                assertEquals(env.get("share").get("identifier").asInt(), share.identifier());
                assertEquals(env.get("share").get("value").asString(), Hex.encode(share.value()));
                assertEquals(env.get("plaintext").asString(), Hex.encode(ShareEnvelope.encode(share, ctx)));
                List<String> commitments = new ArrayList<>();
                env.get("commitments").forEach(p -> commitments.add(p.asString()));
                FeldmanVss.verify(share, Commitments.fromHex(commitments));
            }));
        }
        return tests.stream();
    }
}
