package org.unveil.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.eth.Wei;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;

/** Account and release key files: hex or keystore, bounded, and refused with the file named when they hold no usable key. */
class SecretFilesTest {
    @TempDir Path dir;

    @Test
    void hexAndKeystoreKeyFilesGiveTheSameAccount() throws Exception {
        Credentials c = Credentials.create(Keys.createEcKeyPair());
        Path hex = Files.writeString(dir.resolve("k.hex"), "0x" + String.format("%064x", c.getEcKeyPair().getPrivateKey()) + "\r\n");
        assertEquals(c.getAddress(), SecretFiles.credentials(hex, null).getAddress());
        Path pw = Files.writeString(dir.resolve("pw"), "s3cret\n");
        Path ks = dir.resolve(WalletUtils.generateWalletFile("s3cret", c.getEcKeyPair(), dir.toFile(), false));
        assertEquals(c.getAddress(), SecretFiles.credentials(ks, pw).getAddress());
        var noPw = assertThrows(IllegalArgumentException.class, () -> SecretFiles.credentials(ks, null));
        assertTrue(noPw.getMessage().contains("--password-file"), noPw.getMessage());
        Path junk = Files.writeString(dir.resolve("junk"), "hello");
        var bad = assertThrows(IllegalArgumentException.class, () -> SecretFiles.credentials(junk, null));
        assertTrue(bad.getMessage().contains("neither a hex private key"), bad.getMessage());
        Path big = Files.write(dir.resolve("big"), new byte[100_000]);
        assertThrows(java.io.IOException.class, () -> SecretFiles.credentials(big, null));
    }

    @Test
    void keyFilesHoldingZeroOrTheCurveOrderAreRefusedAndNamed() throws Exception {
        for (String k : List.of("00".repeat(32), "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",
                "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe")) {
            Path f = Files.writeString(dir.resolve("bad.key"), k + "\n");
            var e = assertThrows(IllegalArgumentException.class, () -> SecretFiles.credentials(f, null));
            assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("curve order"), e.getMessage());
            var r = assertThrows(IllegalArgumentException.class, () -> SecretFiles.releaseKey(f, null));
            assertTrue(r.getMessage().contains(f.toString()) && r.getMessage().contains("curve order"), r.getMessage());
        }
        Path junk = Files.writeString(dir.resolve("junk.key"), "not a key");
        var e = assertThrows(IllegalArgumentException.class, () -> SecretFiles.releaseKey(junk, null));
        assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
    }


    @Test
    void passwordsLoseOneTrailingLineEndingOnly() throws Exception {
        assertEquals("pw", SecretFiles.readLine(Files.writeString(dir.resolve("a"), "pw\r\n"), "password file"));
        assertEquals("pw\n", SecretFiles.readLine(Files.writeString(dir.resolve("b"), "pw\n\n"), "password file"));
        assertEquals(" pw ", SecretFiles.readLine(Files.writeString(dir.resolve("c"), " pw "), "password file"));
    }
}
