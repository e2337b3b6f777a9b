package org.unveil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseKeyRequest;
import org.unveil.eth.keys.ReleaseKeyDerivation;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class KeyholderCommandTest {
    static final String KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    static final String FACTORY = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    static final String RELEASE = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";

    @TempDir Path dir;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private ReleaseKey expected(String phrase, String purpose) throws Exception {
        Credentials c = Credentials.create(KEY);
        return ReleaseKeyDerivation.derive(c, new ReleaseKeyRequest(31337, FACTORY, RELEASE, c.getAddress(), purpose, phrase));
    }

    @Test
    void derivesFromARawKeyFileAndPrintsPublicDataOnly() throws Exception {
        Path wallet = Files.writeString(dir.resolve("key.hex"), KEY + "\n");
        CliRun r = run("keyholder", "derive", "--key-file", wallet.toString(), "--release", RELEASE, "--factory", FACTORY,
                "--chain-id", "31337");
        assertEquals(0, r.exit(), r.err());
        ReleaseKey k = expected(null, null);
        assertTrue(r.out().contains("release address     " + k.address()), r.out());
        assertTrue(r.out().contains("0x" + HexFormat.of().formatHex(k.publicKey())), r.out());
        assertTrue(r.out().contains(Credentials.create(KEY).getAddress()), r.out());
        assertFalse(r.out().contains(HexFormat.of().formatHex(k.bytes())), "the release key itself is never printed");
    }

    @Test
    void keystoreWithPasswordFileGivesTheSameKeyAsJson() throws Exception {
        String name = WalletUtils.generateWalletFile("s3cret", Credentials.create(KEY).getEcKeyPair(), dir.toFile(), false);
        Path password = Files.writeString(dir.resolve("pw.txt"), "s3cret\n");
        Path phrase = Files.writeString(dir.resolve("phrase.txt"), "my phrase\r\n");
        CliRun r = run("keyholder", "derive", "--key-file", dir.resolve(name).toString(), "--password-file", password.toString(),
                "--release", RELEASE.toUpperCase().replace("0X", "0x"), "--factory", FACTORY, "--chain-id", "31337",
                "--purpose", "backup", "--phrase-file", phrase.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = JsonMapper.builder().build().readTree(r.out());
        ReleaseKey k = expected("my phrase", "backup");
        assertEquals(k.address(), json.get("releaseAddress").asString());
        assertEquals("0x" + HexFormat.of().formatHex(k.publicKey()), json.get("releasePublicKey").asString());
        assertEquals(RELEASE, json.get("release").asString());
        assertEquals("backup", json.get("purpose").asString());
        assertTrue(json.get("phrase").asBoolean());
        assertNotEquals(expected(null, "backup").address(), k.address(), "the phrase changes the key");
    }

    @Test
    void wrongPasswordFailsWithOneClearLine() throws Exception {
        String name = WalletUtils.generateWalletFile("right", Credentials.create(KEY).getEcKeyPair(), dir.toFile(), false);
        Path password = Files.writeString(dir.resolve("pw.txt"), "wrong");
        CliRun r = run("keyholder", "derive", "--key-file", dir.resolve(name).toString(), "--password-file", password.toString(),
                "--release", RELEASE, "--factory", FACTORY, "--chain-id", "1");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("unveil: cannot decrypt keystore"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void badInputsAreRefusedWithReasons() throws Exception {
        Path wallet = Files.writeString(dir.resolve("key.hex"), KEY);
        CliRun badRelease = run("keyholder", "derive", "--key-file", wallet.toString(), "--release", "0x1234",
                "--factory", FACTORY, "--chain-id", "1");
        assertEquals(1, badRelease.exit());
        assertTrue(badRelease.err().contains("release address"), badRelease.err());
        Path zero = Files.writeString(dir.resolve("zero.hex"), "00".repeat(32));
        CliRun zeroKey = run("keyholder", "derive", "--key-file", zero.toString(), "--release", RELEASE, "--factory", FACTORY,
                "--chain-id", "1");
        assertEquals(1, zeroKey.exit());
        assertTrue(zeroKey.err().contains("invalid secp256k1 private key"), zeroKey.err());
        CliRun missing = run("keyholder", "derive", "--key-file", dir.resolve("nope").toString(), "--release", RELEASE,
                "--factory", FACTORY, "--chain-id", "1");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        CliRun badChain = run("keyholder", "derive", "--key-file", wallet.toString(), "--release", RELEASE, "--factory", FACTORY,
                "--chain-id", "0");
        assertEquals(1, badChain.exit());
        assertTrue(badChain.err().contains("chain id"), badChain.err());
        CliRun noRelease = run("keyholder", "derive", "--key-file", wallet.toString(), "--factory", FACTORY, "--chain-id", "1");
        assertEquals(2, noRelease.exit(), "picocli usage error");
        assertTrue(noRelease.err().contains("--release"), noRelease.err());
    }

    @Test
    void keystoreWithoutPasswordSaysHowToGiveIt() throws Exception {
        String name = WalletUtils.generateWalletFile("pw", Credentials.create(KEY).getEcKeyPair(), dir.toFile(), false);
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(KeyholderDeriveCommand.PASSWORD_ENV) == null,
                "the password variable is set in this environment");
        CliRun r = run("keyholder", "derive", "--key-file", dir.resolve(name).toString(), "--release", RELEASE,
                "--factory", FACTORY, "--chain-id", "1");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("--password-file"), r.err());
    }

    @Test
    void saveWritesTheKeyToAPrivateFileAndNeverOverwrites() throws Exception {
        Path wallet = Files.writeString(dir.resolve("key.hex"), KEY + "\n");
        Path saved = dir.resolve("release.key");
        String[] args = {"keyholder", "derive", "--key-file", wallet.toString(), "--release", RELEASE, "--factory", FACTORY,
                "--chain-id", "31337", "--save", saved.toString()};
        CliRun r = run(args);
        assertEquals(0, r.exit(), r.err());
        ReleaseKey k = expected(null, null);
        assertEquals(HexFormat.of().formatHex(k.bytes()), Files.readString(saved).strip());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(saved)));
        assertFalse(r.out().contains(HexFormat.of().formatHex(k.bytes())), "saving does not print the key");

        Files.writeString(saved, "keep me");
        CliRun again = run(args);
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("refusing to overwrite"), again.err());
        assertEquals("keep me", Files.readString(saved));
        try (var left = Files.list(dir)) {
            assertEquals(0, left.filter(p -> p.getFileName().toString().endsWith("tmp")).count(), "no temp file left behind");
        }
    }

    @Test
    void saveNeverReplacesAKeyFileNorAKeystoreAndSaysHowToChooseAnother() throws Exception {
        Path wallet = Files.writeString(dir.resolve("key.hex"), KEY + "\n");
        Path password = Files.writeString(dir.resolve("save-pw.txt"), "keystore pass\n");
        for (boolean keystore : new boolean[] {false, true}) {
            Path saved = Files.writeString(dir.resolve("earlier-" + keystore + ".key"), "the only copy of an earlier key\n");
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("keyholder", "derive", "--key-file", wallet.toString(),
                    "--release", RELEASE, "--factory", FACTORY, "--chain-id", "31337", "--save", saved.toString()));
            if (keystore) args.addAll(java.util.List.of("--save-password-file", password.toString()));
            CliRun r = run(args.toArray(String[]::new));
            assertEquals(1, r.exit(), r.err());
            assertTrue(r.err().contains("refusing to overwrite " + saved + ": it may be the only copy of a release key"), r.err());
            assertTrue(r.err().contains("Choose another --save path, or move the file away"), r.err());
            assertEquals("the only copy of an earlier key\n", Files.readString(saved));
        }
        try (var left = Files.list(dir)) {
            assertEquals(0, left.filter(p -> p.getFileName().toString().endsWith("tmp")).count(), "no temp file left behind");
        }
    }

    @Test
    void saveWithPasswordWritesAKeystoreThatLoadsBackToTheSameKey() throws Exception {
        Path wallet = Files.writeString(dir.resolve("key.hex"), KEY + "\n");
        Path password = Files.writeString(dir.resolve("save-pw.txt"), "keystore pass\n");
        Path saved = dir.resolve("release.json");
        CliRun r = run("keyholder", "derive", "--key-file", wallet.toString(), "--release", RELEASE, "--factory", FACTORY,
                "--chain-id", "31337", "--save", saved.toString(), "--save-password-file", password.toString());
        assertEquals(0, r.exit(), r.err());
        ReleaseKey loaded = org.unveil.eth.keys.ReleaseKeyStore.load(saved, "keystore pass");
        assertEquals(expected(null, null).address(), loaded.address());
    }
}
