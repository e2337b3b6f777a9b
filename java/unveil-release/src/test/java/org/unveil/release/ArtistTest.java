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

/** The artist's salt and keyholder-fee derivation, without a chain. */
class ArtistTest {

    @Test
    void salts() {
        assertEquals(32, Artist.salt32("any text").length);
        assertEquals(7, Artist.salt32("0x" + "00".repeat(31) + "07")[31]);
    }

    @Test
    void keyholderFeeIsDerivedFromTheManifestsArtistFeeOrRefused() {
        assertEquals(Wei.parse("0.1eth"), Artist.derivedKeyholderFee(Wei.parse("3eth"), Wei.parse("2.77eth"), 100, 2));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Artist.derivedKeyholderFee(Wei.parse("3eth"), Wei.parse("2.77eth"), 100, 3));
        assertTrue(e.getMessage().contains("give --keyholder-fee"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Artist.derivedKeyholderFee(BigInteger.TEN, BigInteger.TEN, 1000, 1));
    }
}
