package org.unveil.eth.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.unveil.archive.keys.ReleaseKeyRequest;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** The release-key typed data as viem hashes and signs it: the browser tool will derive the same key. */
class TypedDataInteropTest {
    @Test
    void viemHashesAndSignsTheSameTypedData() throws Exception {
        String[] wallets = {
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        };
        ArrayNode requests = JsInterop.JSON.createArrayNode();
        ReleaseKeyRequest[] reqs = new ReleaseKeyRequest[wallets.length];
        for (int i = 0; i < wallets.length; i++) {
            Credentials c = Credentials.create(wallets[i]);
            reqs[i] = new ReleaseKeyRequest(i == 0 ? 31337 : 11155111, "0x5fbdb2315678afecb367f032d93f642f64180aa3",
                    "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512", c.getAddress(), i == 0 ? null : "backup \"q\" \u00e9", null);
            requests.addObject().put("op", "typedData").put("privateKey", wallets[i])
                    .put("json", ReleaseKeyDerivation.typedDataJson(reqs[i]));
        }
        List<JsonNode> results = JsInterop.run(requests);
        for (int i = 0; i < wallets.length; i++) {
            Credentials c = Credentials.create(wallets[i]);
            assertEquals(Numeric.toHexString(ReleaseKeyDerivation.typedDataHash(reqs[i])), results.get(i).get("hash").asString());
            byte[] viemSig = Numeric.hexStringToByteArray(results.get(i).get("signature").asString());
            assertEquals(65, viemSig.length);
            byte[] javaSig = TypedDataSigner.local(c).signTypedData(ReleaseKeyDerivation.typedDataJson(reqs[i]));
            assertArrayEquals(javaSig, viemSig, "RFC 6979 signatures agree");
            assertEquals(ReleaseKeyDerivation.derive(c, reqs[i]), ReleaseKeyDerivation.fromSignature(reqs[i], viemSig));
        }
    }

    @Test
    void viemAgreesWithTheCommittedReleaseKeyVectors() throws Exception {
        JsonNode cases = JsInterop.JSON.readTree(java.nio.file.Files.readString(
                KeyVectorGenerator.vectorDir().resolve("release-key.json"))).get("cases");
        ArrayNode requests = JsInterop.JSON.createArrayNode();
        for (JsonNode c : cases) {
            requests.addObject().put("op", "typedData").put("privateKey", "0x" + c.get("walletPrivateKey").asString())
                    .put("json", JsInterop.JSON.writeValueAsString(c.get("typedData")));
        }
        List<JsonNode> results = JsInterop.run(requests);
        for (int i = 0; i < cases.size(); i++) {
            assertEquals("0x" + cases.get(i).get("typedDataHash").asString(), results.get(i).get("hash").asString());
            assertEquals("0x" + cases.get(i).get("signature").asString(), results.get(i).get("signature").asString());
            assertEquals(cases.get(i).get("wallet").asString(), results.get(i).get("address").asString().toLowerCase());
        }
    }
}
