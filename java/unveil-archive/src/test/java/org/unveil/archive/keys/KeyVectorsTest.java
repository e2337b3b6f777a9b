package org.unveil.archive.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.math.ec.ECPoint;
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

    /**
     * share-addresses.json recomputed from its inputs by a second route: each share point as the
     * plain sum of C_j * id^j (generic multiplications, not FeldmanVss's Horner steps) and as x*G,
     * each address as Keccak-256 of the point here, and the list FeldmanVss.shareAddresses gives
     * (what the release parameters carry) compared with the file's slots.
     */
    @TestFactory
    Stream<DynamicTest> shareAddresses() throws Exception {
        Map<String, JsonNode> vss = new HashMap<>();
        load("vss.json").get("cases").forEach(c -> vss.put(c.get("name").asString(), c));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : load("share-addresses.json").get("cases")) {
            String name = c.get("name").asString();
            tests.add(dynamicTest(name, () -> {
                ReleaseSecret s = ReleaseSecret.fromBytes(hex(c.get("secret"), 32));
                assertEquals(c.get("secretPublicKey").asString(), Hex.encode(s.publicKey()));
                assertEquals(c.get("secretAddress").asString(), keccakAddress(Secp256k1.decodePoint(s.publicKey(), "S")));
                assertEquals(s.address(), c.get("secretAddress").asString());
                JsonNode slots = c.get("slots");
                int slot = 0;
                for (int g = 0; g < c.get("groups").size(); g++) {
                    JsonNode group = c.get("groups").get(g);
                    List<BigInteger> coefficients = new ArrayList<>();
                    group.get("coefficients").forEach(a -> coefficients.add(new BigInteger(1, hex(a, 32))));
                    int size = group.get("size").asInt();
                    assertEquals(coefficients.size() + 1, group.get("threshold").asInt());
                    FeldmanVss.SplitGroup split = FeldmanVss.split(s, coefficients, size);
                    List<String> commitmentHex = new ArrayList<>();
                    group.get("commitments").forEach(p -> commitmentHex.add(p.asString()));
                    assertEquals(commitmentHex, split.commitments().points().stream().map(Hex::encode).toList(), "group " + g + " commitments");
                    assertEquals(Hex.encode(s.publicKey()), commitmentHex.get(0), "C_0 = S in every group");
                    if (vss.containsKey(name)) {
                        assertEquals(vss.get(name).get("commitments").toString(), group.get("commitments").toString(), "the polynomial of vss.json's case");
                    }
                    List<ECPoint> points = commitmentHex.stream().map(h -> Secp256k1.decodePoint(Hex.decode(h, 33, "C"), "C")).toList();
                    List<String> params = FeldmanVss.shareAddresses(split.commitments(), size);
                    for (int id = 1; id <= size; id++, slot++) {
                        JsonNode v = slots.get(slot);
                        assertEquals(List.of(slot, g, id), List.of(v.get("slot").asInt(), v.get("group").asInt(), v.get("identifier").asInt()));
                        BigInteger x = new BigInteger(1, hex(v.get("share"), 32));
                        assertEquals(new BigInteger(1, split.shares().get(id - 1).value()), x, "slot " + slot + " share");
                        ECPoint sum = Secp256k1.CURVE.getInfinity();
                        for (int j = 0; j < points.size(); j++) sum = sum.add(points.get(j).multiply(BigInteger.valueOf(id).pow(j)));
                        sum = sum.normalize();
                        assertEquals(v.get("sharePoint").asString(), Hex.encode(Secp256k1.compressed(sum)), "slot " + slot + ": sum_j C_j * id^j");
                        assertEquals(sum, Secp256k1.G.multiply(x).normalize(), "slot " + slot + ": P = x*G");
                        assertEquals(v.get("shareAddress").asString(), keccakAddress(sum), "slot " + slot + " address");
                        assertEquals(v.get("shareAddress").asString(), params.get(id - 1), "slot " + slot + ": what the release parameters carry");
                        assertEquals(v.get("shareAddress").asString(), FeldmanVss.addressOf(new SecretShare(id, hex(v.get("share"), 32))),
                                "slot " + slot + ": the address a published share is checked against");
                    }
                }
                assertEquals(slot, slots.size(), "one entry per slot");
            }));
        }
        return tests.stream();
    }

    /** addr(P) straight from its definition: the last 20 bytes of keccak256(x || y). */
    private static String keccakAddress(ECPoint p) {
        byte[] xy = p.normalize().getEncoded(false);
        KeccakDigest k = new KeccakDigest(256);
        k.update(xy, 1, 64);
        byte[] h = new byte[32];
        k.doFinal(h, 0);
        return "0x" + Hex.encode(java.util.Arrays.copyOfRange(h, 12, 32));
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
