package org.unveil.keyholder.daemon;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.unveil.eth.Chain;
import org.unveil.eth.ChainException;
import org.unveil.eth.KeyholderProfile;
import org.unveil.eth.KeyholderRegistryClient;
import org.unveil.eth.ReleaseFactoryClient;
import org.unveil.eth.Wei;
import org.unveil.keyholder.config.ConfigException;
import org.unveil.keyholder.config.DaemonConfig;

/**
 * What the daemon checks before it serves anyone: that it talks to the configured chain and
 * factory and that its account is a registered, unslashed keyholder (any of these wrong, it
 * refuses to start, saying what to do); and what it only warns about: a balance that does not
 * cover the largest deposit it accepts, a registry endpoint that is not its public URL, a clock far
 * from the chain's.
 */
final class StartupCheck {
    static final Duration MAX_DRIFT = Duration.ofMinutes(5);

    private StartupCheck() {}

    /** @return the warnings, one sentence each */
    static List<String> run(Chain chain, DaemonConfig config, String keyholder, Instant localNow) throws ConfigException, ChainException {
        DaemonConfig.Chain c = config.chain();
        if (chain.chainId() != c.chainId()) {
            throw new ConfigException("the node at " + c.rpc() + " serves chain " + chain.chainId() + ", but chain.chain_id is " + c.chainId()
                    + ": point chain.rpc at a node of chain " + c.chainId() + ", or fix chain.chain_id");
        }
        ReleaseFactoryClient factory = ReleaseFactoryClient.at(chain, c.factory());
        String registry;
        try {
            factory.implementation();
            registry = factory.registry();
        } catch (ChainException | RuntimeException e) {
            throw new ConfigException("no ReleaseFactory answers at chain.factory " + c.factory() + " on chain " + c.chainId() + " (" + e.getMessage()
                    + "): give the factory address `unveil chain deploy` printed", e);
        }
        KeyholderProfile profile = KeyholderRegistryClient.at(chain, registry).profile(keyholder);
        if (!profile.registered()) {
            throw new ConfigException("account " + keyholder + " (the wallet's) is not a registered keyholder in registry " + registry
                    + ": register it first, e.g. `unveil chain register --key-file KEY --factory " + c.factory() + " --stake 1eth --endpoint "
                    + config.http().publicUrl() + "`");
        }
        if (profile.slashed()) {
            throw new ConfigException("keyholder " + keyholder + " was slashed in registry " + registry + ": it cannot take new releases; use another account");
        }
        List<String> warnings = new ArrayList<>();
        BigInteger balance = chain.balance(keyholder);
        if (balance.compareTo(config.terms().maxDeposit()) < 0) {
            warnings.add("account " + keyholder + " holds " + Wei.format(balance) + ", less than terms.max_deposit " + Wei.format(config.terms().maxDeposit())
                    + " plus gas: fund it, or it will refuse (in simulation) to enrol in releases with larger deposits");
        }
        if (!stripSlash(profile.endpoint()).equals(stripSlash(config.http().publicUrl().toString()))) {
            warnings.add("the registry lists endpoint \"" + profile.endpoint() + "\" for " + keyholder + ", not http.public_url " + config.http().publicUrl()
                    + ": artists will not find this bot there; update the profile, or fix http.public_url");
        }
        Duration drift = Duration.between(chain.latestBlockTime(), localNow).abs();
        if (drift.compareTo(MAX_DRIFT) > 0) {
            warnings.add("the latest block's time is " + drift.toSeconds() + " s from this machine's clock: check the clock (NTP) and that the node is synced;"
                    + " deadlines are judged by the chain's time");
        }
        return warnings;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
