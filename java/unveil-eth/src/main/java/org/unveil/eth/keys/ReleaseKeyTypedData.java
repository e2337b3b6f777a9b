package org.unveil.eth.keys;

import java.io.IOException;
import org.unveil.archive.keys.ReleaseKeyRequest;
import org.web3j.crypto.StructuredDataEncoder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The EIP-712 typed data of a release-key request (spec/keys.md section 4.1), as wallet JSON and hash. */
final class ReleaseKeyTypedData {
    static final String DOMAIN_NAME = "Unveil release key";
    static final String DOMAIN_VERSION = "1";
    static final String PRIMARY_TYPE = "ReleaseKey";
    /** Shown by wallets: the signature IS the key material, so it must never be given to a website. */
    static final String NOTICE = "This signature derives your secret Unveil release key."
            + " Sign it only in an Unveil keyholder tool and never share it.";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ReleaseKeyTypedData() {}

    static String json(ReleaseKeyRequest req) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode types = root.putObject("types");
        ArrayNode domainType = types.putArray("EIP712Domain");
        field(domainType, "name", "string");
        field(domainType, "version", "string");
        field(domainType, "chainId", "uint256");
        ArrayNode keyType = types.putArray(PRIMARY_TYPE);
        field(keyType, "notice", "string");
        field(keyType, "factory", "address");
        field(keyType, "release", "address");
        field(keyType, "keyholder", "address");
        field(keyType, "purpose", "string");
        root.put("primaryType", PRIMARY_TYPE);
        ObjectNode domain = root.putObject("domain");
        domain.put("name", DOMAIN_NAME);
        domain.put("version", DOMAIN_VERSION);
        domain.put("chainId", req.chainId());
        ObjectNode message = root.putObject("message");
        message.put("notice", NOTICE);
        message.put("factory", req.factory());
        message.put("release", req.release());
        message.put("keyholder", req.keyholder());
        message.put("purpose", req.purpose());
        return JSON.writeValueAsString(root);
    }

    static byte[] hash(ReleaseKeyRequest req) {
        try {
            return new StructuredDataEncoder(json(req)).hashStructuredData();
        } catch (IOException e) {
            throw new IllegalStateException("web3j rejected the release-key typed data", e);
        }
    }

    private static void field(ArrayNode type, String name, String solidityType) {
        type.addObject().put("name", name).put("type", solidityType);
    }
}
