package org.unveil.keyholder.hiring;

import java.time.Duration;
import java.util.Objects;
import org.unveil.eth.hiring.Policy;
import org.web3j.crypto.Credentials;

/**
 * What a bot offers and signs with: the keyholder's wallet (release keys are derived from it), the
 * operator key that signs its {@code Info} (the keyholder's own key if it has no operator), its
 * {@link Policy}, how many slots it holds at most, how long an offer stands, and its software version.
 */
public record DeskConfig(Credentials keyholder, Credentials operator, Policy policy, int maxSlots, Duration offerLifetime, String version) {
    /** An artist packs and creates a release within a day of hiring its keyholders, or solicits again. */
    public static final Duration DEFAULT_OFFER_LIFETIME = Duration.ofHours(24);

    public DeskConfig {
        Objects.requireNonNull(keyholder, "keyholder wallet required");
        Objects.requireNonNull(operator, "operator key required (the keyholder's own if it has no operator)");
        Objects.requireNonNull(policy, "policy required");
        if (maxSlots < 0) throw new IllegalArgumentException("maxSlots must be >= 0, got " + maxSlots);
        if (offerLifetime == null || offerLifetime.toSeconds() < 60) throw new IllegalArgumentException("an offer must stand at least 60 s, got " + offerLifetime);
        Objects.requireNonNull(version, "version required");
    }
}
