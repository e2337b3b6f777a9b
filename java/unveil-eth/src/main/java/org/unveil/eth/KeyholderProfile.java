package org.unveil.eth;

import java.time.Instant;
import java.util.Optional;

/** A keyholder's public record in the registry ({@code IKeyholderRegistry.Profile}). */
public record KeyholderProfile(String keyholder, String operator, String payout, Instant registeredAt, Instant coolDownEnds,
        int openReleases, int completedReleases, boolean slashed, Optional<String> snitchBeneficiary, String endpoint, String terms) {
    /** Registered at all (an unregistered address has an all-zero profile). */
    public boolean registered() {
        return registeredAt.getEpochSecond() != 0;
    }
}
