package org.unveil.eth.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseKeyRequest;
import org.web3j.crypto.Credentials;
import tools.jackson.databind.JsonNode;

/**
 * Runs the committed spec/vectors/release-key.json (the file the browser implementation reads
 * too) and checks it is what {@link KeyVectorGenerator} produces. With
 * {@code -Dunveil.vectors.write=true} the freshness check rewrites it instead.
 */
class KeyVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

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
    Stream<DynamicTest> releaseKey() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        JsonNode root = KeyVectorGenerator.JSON.readTree(Files.readString(KeyVectorGenerator.vectorDir().resolve("release-key.json")));
        for (JsonNode c : root.get("cases")) {
            JsonNode r = c.get("request");
            tests.add(dynamicTest("release key for " + c.get("wallet").asString() + " on chain " + r.get("chainId").asLong(), () -> {
                Credentials wallet = Credentials.create(c.get("walletPrivateKey").asString());
                assertEquals(c.get("wallet").asString(), wallet.getAddress());
                ReleaseKeyRequest req = new ReleaseKeyRequest(r.get("chainId").asLong(), r.get("factory").asString(),
                        r.get("release").asString(), r.get("keyholder").asString(), r.get("purpose").asString(),
                        r.get("phrase").asString());
                assertEquals(c.get("typedData"), KeyVectorGenerator.JSON.readTree(ReleaseKeyDerivation.typedDataJson(req)));
                assertEquals(c.get("typedDataHash").asString(), HEX.formatHex(ReleaseKeyDerivation.typedDataHash(req)));
                byte[] sig = HEX.parseHex(c.get("signature").asString());
                assertEquals(65, sig.length);
                assertArrayEquals(sig, TypedDataSigner.local(wallet).signTypedData(ReleaseKeyDerivation.typedDataJson(req)));
                assertEquals(c.get("normalisedSignature").asString(), HEX.formatHex(ReleaseKeyDerivation.normalise(sig, req)));
                ReleaseKey k = ReleaseKeyDerivation.derive(wallet, req);
                assertEquals(c.get("releaseKey").asString(), HEX.formatHex(k.bytes()));
                assertEquals(c.get("releasePublicKey").asString(), HEX.formatHex(k.publicKey()));
                assertEquals(c.get("releaseAddress").asString(), k.address());
                assertEquals(k, ReleaseKeyDerivation.fromSignature(req, sig));
            }));
        }
        return tests.stream();
    }
}
