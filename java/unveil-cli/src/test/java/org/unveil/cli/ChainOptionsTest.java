package org.unveil.cli;

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
    void keyFilesHoldingZeroOrTheCurveOrderAreRefusedAndNamed() throws Exception {
        for (String k : List.of("00".repeat(32), "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",
                "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe")) {
            Path f = Files.writeString(dir.resolve("bad.key"), k + "\n");
            var e = assertThrows(IllegalArgumentException.class, () -> ChainOptions.loadCredentials(f, null));
            assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("curve order"), e.getMessage());
            var r = assertThrows(IllegalArgumentException.class, () -> ReleaseKeyFile.load(f, null));
            assertTrue(r.getMessage().contains(f.toString()) && r.getMessage().contains("curve order"), r.getMessage());
        }
        Path junk = Files.writeString(dir.resolve("junk.key"), "not a key");
        var e = assertThrows(IllegalArgumentException.class, () -> ReleaseKeyFile.load(junk, null));
        assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
    }

    @Test
    void timesTakeRelativeAndAbsoluteForms() {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        assertEquals(Duration.ofDays(3), TimeArgs.duration("3d", "--w"));
        assertEquals(Duration.ofDays(14), TimeArgs.duration("2w", "--w"));
        assertEquals(Duration.ofMinutes(90), TimeArgs.duration("PT1H30M", "--w"));
        assertEquals(now.plus(Duration.ofDays(7)), TimeArgs.instant("7d", "--t", now));
        assertEquals(now.plus(Duration.ofHours(12)), TimeArgs.instant("+12h", "--t", now));
        assertEquals(Instant.parse("2027-01-31T00:00:00Z"), TimeArgs.instant("2027-01-31", "--t", now));
        assertEquals(Instant.parse("2027-01-31T12:00:00Z"), TimeArgs.instant("2027-01-31T12:00:00Z", "--t", now));
        assertEquals(Instant.parse("2027-01-31T12:00:00Z"), TimeArgs.instant("2027-01-31T13:00:00+01:00", "--t", now));
        assertEquals(Instant.parse("2027-01-31T12:00:00Z"), TimeArgs.instant("2027-01-31T12:00", "--t", now));
        assertEquals(Instant.ofEpochSecond(1_800_000_000L), TimeArgs.instant("1800000000", "--t", now));
        var bad = assertThrows(IllegalArgumentException.class, () -> TimeArgs.instant("soon", "--pledge-deadline", now));
        assertTrue(bad.getMessage().startsWith("--pledge-deadline \"soon\" is not a duration such as 3d"), bad.getMessage());
        var zero = assertThrows(IllegalArgumentException.class, () -> TimeArgs.duration("0s", "--reveal-window"));
        assertTrue(zero.getMessage().contains("longer than zero"), zero.getMessage());
        assertEquals("3 days", TimeArgs.describe(Duration.ofDays(3)));
        assertEquals("90 seconds", TimeArgs.describe(Duration.ofSeconds(90)));
    }

    @Test
    void salts() {
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
