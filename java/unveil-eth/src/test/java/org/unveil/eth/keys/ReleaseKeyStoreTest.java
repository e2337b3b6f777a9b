package org.unveil.eth.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.archive.keys.KeyException;
import org.unveil.archive.keys.ReleaseKey;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

class ReleaseKeyStoreTest {
    @TempDir Path dir;

    @Test
    void savesA0600KeystoreThatLoadsBackAndThatWeb3jReads() throws Exception {
        ReleaseKey key = ReleaseKey.random(new SecureRandom());
        Path file = dir.resolve("release-key.json");
        ReleaseKeyStore.save(key, "pass word", file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(key, ReleaseKeyStore.load(file, "pass word"));
        Credentials viaWeb3j = WalletUtils.loadCredentials("pass word", file.toFile());
        assertEquals(key.address(), viaWeb3j.getAddress());
        String json = Files.readString(file);
        assertTrue(json.contains("\"scrypt\""), json);
        assertFalse(json.contains(HexFormat.of().formatHex(key.bytes())));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList(), "no temporary file left behind");
        }
        KeyException e = assertThrows(KeyException.class, () -> ReleaseKeyStore.load(file, "pass Word"));
        assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
    }

    @Test
    void neverOverwritesAnExistingFile() throws Exception {
        Path file = dir.resolve("k.json");
        Files.writeString(file, "precious");
        assertThrows(FileAlreadyExistsException.class,
                () -> ReleaseKeyStore.save(ReleaseKey.random(new SecureRandom()), "pw", file));
        assertEquals("precious", Files.readString(file));
    }

    @Test
    void garbageAndHugeFilesAreRejected() throws Exception {
        Path garbage = dir.resolve("garbage.json");
        Files.writeString(garbage, "{\"version\": 3, \"crypto\": 12");
        assertThrows(KeyException.class, () -> ReleaseKeyStore.load(garbage, "pw"));
        Path huge = dir.resolve("huge.json");
        Files.write(huge, new byte[(int) ReleaseKeyStore.MAX_FILE_BYTES + 1]);
        assertThrows(java.io.IOException.class, () -> ReleaseKeyStore.load(huge, "pw"));
        assertThrows(IllegalArgumentException.class, () -> ReleaseKeyStore.load(garbage, ""));
    }

    @Test
    void readsAWalletMadeByWeb3jItself() throws Exception {
        Credentials c = Credentials.create("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
        String name = WalletUtils.generateWalletFile("pw", c.getEcKeyPair(), dir.toFile(), false);
        ReleaseKey k = ReleaseKeyStore.load(dir.resolve(name), "pw");
        assertEquals(c.getAddress(), k.address());
        assertTrue(new String(Files.readAllBytes(dir.resolve(name)), StandardCharsets.UTF_8).contains("\"version\":3"));
    }

    /** spec/vectors/keystore.json: the one web3j wrote and the one the web tool's twin wrote open to the same key. */
    @Test
    void opensTheVectorsKeystoresWrittenByWeb3jAndByTheWebTool() throws Exception {
        var root = KeyVectorGenerator.JSON.readTree(Files.readString(KeyVectorGenerator.vectorDir().resolve("keystore.json")));
        String password = root.get("password").asString();
        for (String writer : List.of("web3j", "twin")) {
            Path file = dir.resolve(writer + ".json");
            Files.writeString(file, KeyVectorGenerator.JSON.writeValueAsString(root.get("keystores").get(writer)));
            ReleaseKey k = ReleaseKeyStore.load(file, password);
            assertEquals(root.get("key").asString(), HexFormat.of().formatHex(k.bytes()), writer);
            assertEquals(root.get("address").asString(), k.address(), writer);
            assertThrows(KeyException.class, () -> ReleaseKeyStore.load(file, password + "!"), writer);
        }
    }

    /** Costs a hostile file names are refused before scrypt or PBKDF2 runs (web3j would run them, and run out of memory). */
    @Test
    void hostileCostsAndAWrongAddressAreRefusedBeforeDecrypting() throws Exception {
        var root = KeyVectorGenerator.JSON.readTree(Files.readString(KeyVectorGenerator.vectorDir().resolve("keystore.json")));
        String password = root.get("password").asString();
        String twin = KeyVectorGenerator.JSON.writeValueAsString(root.get("keystores").get("twin"));
        String[][] cases = {
            {"\"n\":262144", "\"n\":16777216", "n=16777216"},
            {"\"n\":262144", "\"n\":262143", "n a power of 2"},
            {"\"r\":8", "\"r\":64", "r=64"},
            {"\"p\":1", "\"p\":64", "p=64"},
            {"\"address\":\"5fe7", "\"address\":\"0000", "says it holds the key of 0x0000"},
        };
        for (String[] c : cases) {
            assertTrue(twin.contains(c[0]), c[0]);
            Path file = dir.resolve("hostile.json");
            Files.writeString(file, twin.replace(c[0], c[1]));
            KeyException e = assertThrows(KeyException.class, () -> ReleaseKeyStore.load(file, password), c[1]);
            assertTrue(e.getMessage().contains(c[2]), e.getMessage());
            Files.delete(file);
        }
    }
}
