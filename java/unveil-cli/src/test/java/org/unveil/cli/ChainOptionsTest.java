package org.unveil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.eth.Wei;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;

/** Key files, durations and fee derivation of the chain commands, without a chain. */
class ChainOptionsTest {
    @TempDir Path dir;

    @Test
    void hexAndKeystoreKeyFilesGiveTheSameAccount() throws Exception {
        Credentials c = Credentials.create(Keys.createEcKeyPair());
        Path hex = Files.writeString(dir.resolve("k.hex"), "0x" + String.format("%064x", c.getEcKeyPair().getPrivateKey()) + "\r\n");
        assertEquals(c.getAddress(), ChainOptions.loadCredentials(hex, null).getAddress());
        Path pw = Files.writeString(dir.resolve("pw"), "s3cret\n");
        Path ks = dir.resolve(WalletUtils.generateWalletFile("s3cret", c.getEcKeyPair(), dir.toFile(), false));
        assertEquals(c.getAddress(), ChainOptions.loadCredentials(ks, pw).getAddress());
        var noPw = assertThrows(IllegalArgumentException.class, () -> ChainOptions.loadCredentials(ks, null));
        assertTrue(noPw.getMessage().contains("--password-file"), noPw.getMessage());
        Path junk = Files.writeString(dir.resolve("junk"), "hello");
        var bad = assertThrows(IllegalArgumentException.class, () -> ChainOptions.loadCredentials(junk, null));
        assertTrue(bad.getMessage().contains("neither a hex private key"), bad.getMessage());
        Path big = Files.write(dir.resolve("big"), new byte[100_000]);
        assertThrows(java.io.IOException.class, () -> ChainOptions.loadCredentials(big, null));
    }

    @Test
    void durationsAndSalts() {
        assertEquals(Duration.ofDays(3), ReleaseCreateCommand.duration("3d"));
        assertEquals(Duration.ofMinutes(90), ReleaseCreateCommand.duration("PT1H30M"));
        assertThrows(IllegalArgumentException.class, () -> ReleaseCreateCommand.duration("soon"));
        assertEquals(32, ReleaseCreateCommand.salt32("any text").length);
        assertEquals(7, ReleaseCreateCommand.salt32("0x" + "00".repeat(31) + "07")[31]);
    }

    @Test
    void keyholderFeeIsDerivedFromTheManifestsArtistFeeOrRefused() {
        assertEquals(Wei.parse("0.1eth"), ReleaseCreateCommand.derivedKeyholderFee(Wei.parse("3eth"), Wei.parse("2.77eth"), 100, 2));
        var e = assertThrows(IllegalArgumentException.class,
                () -> ReleaseCreateCommand.derivedKeyholderFee(Wei.parse("3eth"), Wei.parse("2.77eth"), 100, 3));
        assertTrue(e.getMessage().contains("give --keyholder-fee"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReleaseCreateCommand.derivedKeyholderFee(BigInteger.TEN, BigInteger.TEN, 1000, 1));
    }
}
