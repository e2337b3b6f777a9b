package org.unveil.archive.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** Java against the real eciesjs npm package, both directions, plus tampering seen by eciesjs. */
class EciesjsInteropTest {
    private final SecureRandom rnd = new SecureRandom();

    @Test
    void eciesjsDecryptsJavaAndJavaDecryptsEciesjs() throws Exception {
        ArrayNode requests = JsInterop.JSON.createArrayNode();
        List<ReleaseKey> keys = new ArrayList<>();
        List<byte[]> messages = new ArrayList<>();
        List<byte[]> javaCiphertexts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ReleaseKey k = ReleaseKey.random(rnd);
            byte[] msg = new byte[i == 0 ? 0 : rnd.nextInt(300)];
            rnd.nextBytes(msg);
            keys.add(k);
            messages.add(msg);
            byte[] pub = i % 2 == 0 ? k.publicKey() : Secp256k1.uncompressed(Secp256k1.decodePoint(k.publicKey(), "pk"));
            requests.addObject().put("op", "encrypt").put("publicKey", Hex.encode(pub)).put("plaintext", Hex.encode(msg));
            byte[] c = Ecies.encrypt(pub, msg, rnd);
            javaCiphertexts.add(c);
            requests.addObject().put("op", "decrypt").put("privateKey", Hex.encode(k.bytes())).put("ciphertext", Hex.encode(c));
            byte[] tampered = c.clone();
            tampered[rnd.nextInt(tampered.length)] ^= (byte) (1 << rnd.nextInt(8));
            requests.addObject().put("op", "decrypt").put("privateKey", Hex.encode(k.bytes())).put("ciphertext", Hex.encode(tampered));
        }
        List<JsonNode> results = JsInterop.run(requests);
        for (int i = 0; i < keys.size(); i++) {
            JsonNode fromJs = results.get(3 * i);
            byte[] jsCiphertext = Hex.decode(fromJs.get("ciphertext").asString(), -1, "eciesjs ciphertext");
            assertEquals(Ecies.OVERHEAD + messages.get(i).length, jsCiphertext.length);
            assertArrayEquals(messages.get(i), Ecies.decrypt(keys.get(i).bytes(), jsCiphertext), "Java opens eciesjs #" + i);
            JsonNode jsOpened = results.get(3 * i + 1);
            assertEquals(Hex.encode(messages.get(i)), jsOpened.get("plaintext").asString(), "eciesjs opens Java #" + i);
            assertTrue(results.get(3 * i + 2).has("error"), "eciesjs rejects tampered #" + i);
            byte[] jsTampered = jsCiphertext.clone();
            jsTampered[jsTampered.length - 1 - i] ^= 0x40;
            int n = i;
            assertThrows(KeyException.class, () -> Ecies.decrypt(keys.get(n).bytes(), jsTampered));
        }
    }

    @Test
    void eciesjsCanOpenASealedShareEnvelope() throws Exception {
        ReleaseSecret s = ReleaseSecret.generate(rnd);
        FeldmanVss.SplitGroup g = FeldmanVss.split(s, new GroupSpec(2, 3), rnd);
        ReleaseKey k = ReleaseKey.random(rnd);
        ShareContext ctx = new ShareContext(1, "0x5fbdb2315678afecb367f032d93f642f64180aa3",
                "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512", s.publicKey(), 0, 3);
        byte[] sealed = ShareEnvelope.seal(g.shares().get(2), ctx, k.publicKey(), rnd);
        ArrayNode requests = JsInterop.JSON.createArrayNode();
        requests.addObject().put("op", "decrypt").put("privateKey", Hex.encode(k.bytes())).put("ciphertext", Hex.encode(sealed));
        String plain = JsInterop.run(requests).get(0).get("plaintext").asString();
        assertArrayEquals(ShareEnvelope.encode(g.shares().get(2), ctx), Hex.decode(plain, 131, "plaintext"));
    }
}
