package org.unveil.keyholder.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.unveil.eth.hiring.Signed;
import org.unveil.eth.hiring.Solicitation;

/**
 * A solicitation the bot accepted and the offer it answered with (spec/keyholder-protocol.md
 * section 8.2): the release, its factory and the slot offered, the artist's signed solicitation and
 * its digest, the address of the release key offered (never the key: it is derived again from the
 * wallet), the Unix second the offer holds until, and the archive received for it, if any.
 */
public record AcceptedOffer(long chainId, String release, String factory, int group, int slot, String artist,
        Signed<Solicitation> solicitation, String solicitationHash, String releaseKey, long validUntil, Optional<String> archiveCid,
        Instant createdAt) {
    public AcceptedOffer {
        Objects.requireNonNull(solicitation, "solicitation required");
        release = Hex.address(release, "release address");
        factory = Hex.address(factory, "factory address");
        artist = Hex.address(artist, "artist address");
        solicitationHash = Hex.hash(solicitationHash, "solicitation hash");
        releaseKey = Hex.address(releaseKey, "release key address");
        Objects.requireNonNull(archiveCid, "archive CID (or empty) required");
        Objects.requireNonNull(createdAt, "creation time required");
    }

    /** The offer of {@code solicitation}, before it is stored: no archive yet. */
    public static AcceptedOffer of(Signed<Solicitation> solicitation, String solicitationHash, String releaseKey, long validUntil) {
        Solicitation s = solicitation.message();
        return new AcceptedOffer(s.chainId(), s.release(), s.factory(), s.group(), s.slot(), s.artist(), solicitation, solicitationHash,
                releaseKey, validUntil, Optional.empty(), Instant.EPOCH);
    }

    public Solicitation terms() {
        return solicitation.message();
    }

    /** The terms the slot will carry; a solicitation of them again differs only in its nonce and expiry. */
    public boolean hasTermsOf(Solicitation other) {
        Solicitation s = terms();
        return s.chainId() == other.chainId() && s.factory().equals(other.factory()) && s.release().equals(other.release())
                && s.artist().equals(other.artist()) && s.salt().equals(other.salt()) && s.group() == other.group()
                && s.slot() == other.slot() && s.token().equals(other.token()) && s.deposit().equals(other.deposit())
                && s.keyholderFee().equals(other.keyholderFee()) && s.enrolDeadline() == other.enrolDeadline()
                && s.pledgeDeadline() == other.pledgeDeadline() && s.revealWindow() == other.revealWindow()
                && s.goal().equals(other.goal()) && s.maxArchiveBytes() == other.maxArchiveBytes();
    }

    /** Whether the offer still holds at {@code nowSeconds} (a release created meanwhile is the engine's, held in {@link HeldReleases}). */
    public boolean standsAt(long nowSeconds) {
        return validUntil >= nowSeconds;
    }
}
