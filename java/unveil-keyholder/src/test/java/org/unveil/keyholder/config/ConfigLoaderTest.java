package org.unveil.keyholder.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults, then the file, then the environment; every bad value named with where it came from and what to write. */
class ConfigLoaderTest {
    private static final String FACTORY = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    @TempDir Path dir;

    private Path file(String body) throws Exception {
        Path f = dir.resolve("keyholder.toml");
        Files.writeString(f, body);
        return f;
    }

    private static final String MINIMAL = """
            [chain]
            chain_id = 31337
            factory = "%s"
            [wallet]
            keystore = "keys/bot.json"
            password_file = "/etc/unveil/password"
            """.formatted(FACTORY);

    @Test
    void theDefaultsAreTheShippedExampleAndRelativePathsFollowTheFile() throws Exception {
        DaemonConfig c = ConfigLoader.load(file(MINIMAL), Map.of());
        assertEquals(31337, c.chain().chainId());
        assertEquals(FACTORY, c.chain().factory());
        assertEquals(12, c.chain().confirmations());
        assertEquals(Duration.ofSeconds(2), c.chain().pollInterval());
        assertEquals(dir.resolve("keys/bot.json"), c.wallet().keystore());
        assertEquals(Path.of("/etc/unveil/password"), c.wallet().passwordFile());
        assertEquals(dir.resolve("keyholder-data"), c.dataDir());
        assertEquals(4L << 30, c.terms().maxArchiveBytes());
        assertEquals(new BigInteger("10000000000000000"), c.terms().minDeposit());
        assertEquals(Duration.ofDays(90), c.terms().maxRevealWindow());
        assertEquals(8700, c.http().listen().getPort());
        assertEquals(20, c.gas().bumpPercent());
    }

    @Test
    void theEnvironmentOverridesTheFileButNeverCarriesASecret() throws Exception {
        DaemonConfig c = ConfigLoader.load(file(MINIMAL + "[http]\nlisten = \"127.0.0.1:9000\"\n"),
                Map.of("UNVEIL_KEYHOLDER_HTTP_LISTEN", "0.0.0.0:9100", "UNVEIL_KEYHOLDER_CHAIN_FINALITY", "finalized", "PATH", "/bin"));
        assertEquals(9100, c.http().listen().getPort());
        assertTrue(c.chain().finalizedTag());
        var secret = assertThrows(ConfigException.class, () -> ConfigLoader.load(file(MINIMAL), Map.of("UNVEIL_KEYHOLDER_WALLET_PASSWORD", "hunter2")));
        assertTrue(secret.getMessage().contains("secrets are read only from files"), secret.getMessage());
        assertTrue(!secret.getMessage().contains("hunter2"), "the secret is not repeated");
        var unknown = assertThrows(ConfigException.class, () -> ConfigLoader.load(file(MINIMAL), Map.of("UNVEIL_KEYHOLDER_CHAIN_RCP", "x")));
        assertTrue(unknown.getMessage().contains("UNVEIL_KEYHOLDER_CHAIN_RPC"), unknown.getMessage());
    }

    @Test
    void everyBadValueIsNamedWithWhereItCameFromAndWhatToWrite() throws Exception {
        assertRefused(MINIMAL + "[chain]\n", "not valid TOML");
        assertRefused(MINIMAL.replace("[wallet]", "[chain.extra]\nx = 1\n[wallet]"), "unknown key chain.extra.x");
        assertRefused(MINIMAL.replace("chain_id = 31337", "chain_id = 31337\npoll_interval = \"soon\""), "keyholder.toml: chain.poll_interval = \"soon\" is not valid: give a duration");
        assertRefused(MINIMAL.replace("chain_id = 31337", "chain_id = 31337\nfinality = 0"), "give a number of blocks >= 1, or \"finalized\"");
        assertRefused(MINIMAL.replace(FACTORY, "0x1234"), "chain.factory = \"0x1234\" is not valid: give 0x and 40 hex digits");
        assertRefused(MINIMAL.replace("chain_id = 31337\n", ""), "default chain.factory"); // chain_id falls back; factory given: fine
        assertRefused(MINIMAL + "[terms]\nmin_deposit = \"2eth\"\nmax_deposit = \"1eth\"\n", "make min_deposit <= max_deposit");
        assertRefused(MINIMAL + "[terms]\ntokens = [\"0x00000000000000000000000000000000000000aa\"]\n", "only in releases paid in ETH");
        assertRefused(MINIMAL + "[gas]\nbump_percent = 5\n", "give 10 to 100");
        assertRefused(MINIMAL + "[http]\nlisten = \"8700\"\n", "give host:port");
    }

    private void assertRefused(String body, String expected) throws Exception {
        Path f = file(body);
        if (expected.equals("default chain.factory")) {
            ConfigLoader.load(f, Map.of()); // a missing chain_id takes the default, which the start-up check compares with the node
            return;
        }
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, Map.of()));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aMissingFileSaysHowToStartOne() {
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("absent.toml"), Map.of()));
        assertTrue(e.getMessage().contains("no configuration file at") && e.getMessage().contains("--print-example-config"), e.getMessage());
    }
}
