package org.unveil.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Test;
import org.unveil.archive.keys.ReleaseSecret;
import tools.jackson.databind.JsonNode;

/**
 * spec/vectors/fragment-keys.json, fragment-tree.json and fragment-samples.json: the committed
 * files must be exactly what {@link FragmentVectorGenerator} writes (so they are never stale), and
 * each value is re-checked here from its definition; FragmentVectorsInteropTest recomputes them
 * with viem and noble on Node.
 */
class FragmentVectorsTest {
    static final Path VECTORS = SpecVectorsTest.VECTORS;
    static final BigInteger N = new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

    static JsonNode load(String name) throws Exception {
        return FragmentVectorGenerator.JSON.readTree(Files.readString(VECTORS.resolve(name)));
    }

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.startsWith("0x") ? h.substring(2) : h);
    }

    @Test
    void committedVectorsAreWhatTheGeneratorWrites() throws Exception {
        if (Boolean.getBoolean("unveil.vectors.write")) FragmentVectorGenerator.write(VECTORS);
        for (var e : FragmentVectorGenerator.files().entrySet()) {
            assertEquals(e.getValue(), Files.readString(VECTORS.resolve(e.getKey())), e.getKey()
                    + " is stale: rerun FragmentVectorsTest with -Dunveil.vectors.write=true (spec/README.md)");
        }
    }

    @Test
    void fragmentKeysFollowTheirDefinition() throws Exception {
        JsonNode cases = load("fragment-keys.json").get("cases");
        assertTrue(cases.size() >= 12);
        for (JsonNode c : cases) {
            byte[] s = hex(c.get("secret").asString());
            int e = c.get("fragment").asInt();
            // The derivation by hand with Bouncy Castle's HKDF, not through AgeKeys.
            HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
            g.init(new HKDFParameters(s, FragmentKeys.FRAGMENT_KEY_SALT.getBytes(StandardCharsets.US_ASCII),
                    new byte[] {(byte) (e >>> 24), (byte) (e >>> 16), (byte) (e >>> 8), (byte) e}));
            byte[] okm = new byte[48];
            g.generateBytes(okm, 0, 48);
            assertEquals(c.get("okm").asString(), HexFormat.of().formatHex(okm));
            BigInteger k = new BigInteger(1, okm).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
            assertEquals(k, new BigInteger(1, hex(c.get("key").asString())));
            FragmentKeys fk = FragmentKeys.of(e, hex(c.get("key").asString()));
            assertEquals(c.get("keyAddress").asString(), fk.keyAddress());
            assertEquals(c.get("recipient").asString(), AgeIdentity.parse(c.get("identity").asString()).recipient());
            assertEquals(c.get("recipient").asString(), fk.recipient());
        }
    }

    @Test
    void everyProofVerifiesAndNoOtherLeafDoes() throws Exception {
        JsonNode cases = load("fragment-tree.json").get("cases");
        List<Integer> counts = new ArrayList<>();
        for (JsonNode c : cases) {
            int f = c.get("fragmentCount").asInt();
            counts.add(f);
            byte[] root = hex(c.get("root").asString());
            for (int e = 0; e < f; e++) {
                byte[] leaf = hex(c.get("leaves").get(e).asString());
                assertEquals(HexFormat.of().formatHex(leaf), HexFormat.of().formatHex(FragmentTree.leaf(e, c.get("keyAddresses").get(e).asString())));
                List<byte[]> proof = new ArrayList<>();
                for (JsonNode p : c.get("proofs").get(e)) proof.add(hex(p.asString()));
                assertTrue(FragmentTree.verify(proof, root, leaf), "F=" + f + " e=" + e);
                // The same address under another index is another leaf: the index is bound.
                assertFalse(FragmentTree.verify(proof, root, FragmentTree.leaf(e + 1, c.get("keyAddresses").get(e).asString())));
                // Carried-up levels add no sibling, so the proof is at most ceil(log2 F) long.
                assertTrue(proof.size() <= 32 - Integer.numberOfLeadingZeros(f - 1), "proof length for F=" + f);
            }
        }
        assertEquals(List.of(1, 2, 3, 5, 8), counts);
        JsonNode one = cases.get(0);
        assertEquals(one.get("leaves").get(0).asString(), one.get("root").asString(), "one leaf is its own root");
    }

    @Test
    void samplesAreDistinctInRangeAndMinOfCountAndF() throws Exception {
        JsonNode cases = load("fragment-samples.json").get("cases");
        for (JsonNode c : cases) {
            int f = c.get("fragmentCount").asInt(), r = Math.min(c.get("sampleCount").asInt(), f);
            List<Integer> got = new ArrayList<>();
            c.get("samples").forEach(x -> got.add(x.asInt()));
            assertEquals(r, got.size());
            assertEquals(r, new HashSet<>(got).size());
            got.forEach(i -> assertTrue(i >= 0 && i < f));
        }
    }

    @Test
    void treeAndRuleRefuseWhatTheContractWouldNot() {
        assertThrows(IllegalArgumentException.class, () -> FragmentTree.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> SampleRule.sample(new byte[32], 0, 3));
        assertThrows(IllegalArgumentException.class, () -> SampleRule.sample(new byte[32], 5, 0));
        assertThrows(IllegalArgumentException.class, () -> SampleRule.sample(new byte[32], 5, 17));
        assertThrows(IllegalArgumentException.class, () -> FragmentKeys.of(0, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> FragmentKeys.of(0, N.toByteArray().length == 33
                ? java.util.Arrays.copyOfRange(N.toByteArray(), 1, 33) : N.toByteArray()));
        assertThrows(IllegalArgumentException.class, () -> FragmentKeys.derive(ReleaseSecret.fromBytes(hex("01".repeat(32))), -1));
        assertThrows(IndexOutOfBoundsException.class, () -> FragmentTree.of(FragmentVectorGenerator.treeAddresses(3)).proof(3));
    }
}
