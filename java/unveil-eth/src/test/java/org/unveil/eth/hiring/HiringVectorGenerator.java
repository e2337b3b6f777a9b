package org.unveil.eth.hiring;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.unveil.archive.keys.ReleaseKey;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes spec/vectors/keyholder-protocol.json (spec/keyholder-protocol.md section 7). Deterministic:
 * public test keys, RFC 6979 signatures, salts and nonces that are SHA-256 of labels, a fixed clock.
 * HiringVectorsTest checks the committed file is current; rewrite it with
 * {@code cd java && ./mvnw -pl unveil-eth -am test -Dtest=HiringVectorsTest -Dsurefire.failIfNoSpecifiedTests=false -Dunveil.vectors.write=true}.
 */
final class HiringVectorGenerator {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String FILE = "keyholder-protocol.json";
    /** Hardhat's well-known development accounts 0, 1 and 2: public, never to hold value. */
    static final String OPERATOR_KEY = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    static final String ARTIST_KEY = "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    static final String KEYHOLDER_KEY = "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
    static final long NOW = 1_767_225_600L; // 2026-01-01T00:00:00Z
    static final String FACTORY = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    static final String IMPLEMENTATION = "0xa16e02e87b7454126e5e10d957a927a7f5b5d2be";
    static final String ETH = "0x0000000000000000000000000000000000000000";
    static final String TOKEN = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";
    static final HiringDomain DOMAIN = new HiringDomain(31337, FACTORY);

    private HiringVectorGenerator() {}

    static Credentials operator() {
        return Credentials.create(OPERATOR_KEY);
    }

    static Credentials artist() {
        return Credentials.create(ARTIST_KEY);
    }

    static Credentials keyholder() {
        return Credentials.create(KEYHOLDER_KEY);
    }

    /** The release key of the offers: a fixed scalar, standing for the one a bot derives (spec/keys.md section 4). */
    static ReleaseKey releaseKey() {
        return ReleaseKey.fromBytes(label("release key"));
    }

    static byte[] label(String what) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(("unveil/test/keyholder-protocol/" + what).getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hexLabel(String what) {
        return Numeric.toHexString(label(what));
    }

    static Policy policy(List<String> tokens) {
        return new Policy(new BigInteger("100000000000000000"), new BigInteger("5000000000000000000"), new BigInteger("10000000000000000"),
                3600, 7_776_000, 1L << 30, tokens);
    }

    static KeyholderInfo info(long chainId, Policy policy, long freeSlots, String version) {
        return new KeyholderInfo(keyholder().getAddress(), operator().getAddress(), chainId, FACTORY, policy, freeSlots, version,
                NOW - 30, NOW + 600);
    }

    static Solicitation solicitation(long chainId, String saltLabel, int group, int slot, String token, String deposit) {
        String salt = hexLabel(saltLabel);
        String release = ClonePrediction.predict(FACTORY, IMPLEMENTATION, artist().getAddress(), salt);
        return new Solicitation(chainId, FACTORY, release, artist().getAddress(), salt, group, slot, token, new BigInteger(deposit),
                new BigInteger("20000000000000000"), NOW + 86_400, NOW + 30 * 86_400, 86_400, new BigInteger("10000000000000000000"),
                50_000_000, hexLabel("nonce " + saltLabel + " " + slot), NOW + 900);
    }

    static List<Signed<? extends HiringMessage>> messages() {
        Solicitation first = solicitation(31337, "salt a", 0, 0, ETH, "1000000000000000000");
        Solicitation second = solicitation(31337, "salt b", 1, 5, TOKEN, "115792089237316195423570985008687907853269984665640564039457584007913129639935");
        return List.of(
                info(31337, policy(List.of(ETH)), 8, "unveil-keyholder/0.1.0").sign(operator()),
                info(31337, policy(List.of(ETH, TOKEN)), 0, "0.1.0+dev").sign(operator()),
                first.sign(artist()),
                second.sign(artist()),
                Offer.answering(first, releaseKey(), keyholder().getAddress(), NOW + 300).sign(releaseKey(), DOMAIN),
                Offer.answering(second, releaseKey(), keyholder().getAddress(), NOW + 3600).sign(releaseKey(), DOMAIN));
    }

    static String typeName(HiringMessage m) {
        return switch (m) {
            case KeyholderInfo i -> "Info";
            case Solicitation s -> "Solicitation";
            case Offer o -> "Offer";
        };
    }

    static ObjectNode generate() {
        ObjectNode root = JSON.createObjectNode();
        root.put("comment", "Signed messages of the keyholder hiring protocol (spec/keyholder-protocol.md). Each message: its EIP-712"
                + " type (`types`), its domain (name \"Unveil Keyholder\", version \"1\", chainId, verifyingContract = the factory),"
                + " hashStruct (`structHash`), typed-data hash (`digest`), signer and RFC 6979 signature r || s || v (low s, v 27/28),"
                + " and its exact wire form (`wire`, the bytes sent). The keys are public test keys (Hardhat's development accounts"
                + " 0-2 and a release key that is SHA-256 of a label): never use them for anything of value. `releases` are CREATE2"
                + " predictions (spec/release-protocol.md 1.1). `invalid` wires must be refused with `code` by a receiver for"
                + " `expected` at Unix time `now` (with `implementation`, the release address is checked; with `policy`, the terms; with `solicitation` and `keyholder`, what an offer answers)."
                + " Generated by HiringVectorGenerator.");
        root.put("version", 1);
        root.put("now", NOW);
        ObjectNode keys = root.putObject("keys");
        keys.putObject("operator").put("privateKey", "0x" + OPERATOR_KEY).put("address", operator().getAddress());
        keys.putObject("artist").put("privateKey", "0x" + ARTIST_KEY).put("address", artist().getAddress());
        keys.putObject("keyholder").put("privateKey", "0x" + KEYHOLDER_KEY).put("address", keyholder().getAddress());
        keys.putObject("releaseKey").put("privateKey", Numeric.toHexString(releaseKey().bytes())).put("address", releaseKey().address());
        ObjectNode types = root.putObject("types");
        types.put("Info", KeyholderInfo.TYPE).put("Policy", Policy.TYPE).put("Solicitation", Solicitation.TYPE).put("Offer", Offer.TYPE);
        ArrayNode cases = root.putArray("messages");
        for (Signed<? extends HiringMessage> s : messages()) {
            HiringDomain d = DOMAIN;
            ObjectNode c = cases.addObject();
            c.put("type", typeName(s.message()));
            c.putObject("domain").put("name", HiringDomain.NAME).put("version", HiringDomain.VERSION).put("chainId", d.chainId())
                    .put("verifyingContract", d.factory());
            c.put("domainSeparator", Numeric.toHexString(d.separator()));
            c.put("structHash", Numeric.toHexString(s.message().structHash()));
            c.put("digest", Numeric.toHexString(d.digest(s.message().structHash())));
            c.put("signer", switch (s.message()) {
                case KeyholderInfo i -> i.operator();
                case Solicitation so -> so.artist();
                case Offer o -> o.releaseKey();
            });
            c.put("signature", s.signature());
            c.put("wire", s.toJson());
        }
        ArrayNode releases = root.putArray("releases");
        for (String label : List.of("salt a", "salt b")) {
            String salt = hexLabel(label);
            releases.addObject().put("factory", FACTORY).put("implementation", IMPLEMENTATION).put("artist", artist().getAddress())
                    .put("salt", salt).put("release", ClonePrediction.predict(FACTORY, IMPLEMENTATION, artist().getAddress(), salt));
        }
        HiringInvalidCases.add(root.putArray("invalid"));
        return root;
    }

    static String text() {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(generate()) + "\n";
    }

    static Path vectorFile() {
        String root = System.getProperty("unveil.root");
        if (root == null) throw new IllegalStateException("system property unveil.root is not set (run through Maven)");
        return Path.of(root).toAbsolutePath().normalize().resolve("spec/vectors").resolve(FILE);
    }

    static void write() throws java.io.IOException {
        Files.writeString(vectorFile(), text());
    }

    /** {@code signature} with s replaced by n - s and v flipped: the same signature, malleated. */
    static String highS(String signature) {
        byte[] sig = Numeric.hexStringToByteArray(signature);
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
        System.arraycopy(Numeric.toBytesPadded(Sign.CURVE_PARAMS.getN().subtract(s), 32), 0, sig, 32, 32);
        sig[64] = (byte) (sig[64] == 27 ? 28 : 27);
        return Numeric.toHexString(sig);
    }
}
