package org.unveil.keyholder.hiring;

import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import org.unveil.archive.keys.KeyException;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseKeyRequest;
import org.unveil.eth.Chain;
import org.unveil.eth.ChainException;
import org.unveil.eth.ReleaseFactoryClient;
import org.unveil.eth.hiring.HiringDomain;
import org.unveil.eth.hiring.HiringMessageException;
import org.unveil.eth.hiring.KeyholderInfo;
import org.unveil.eth.hiring.Offer;
import org.unveil.eth.hiring.RefusalCode;
import org.unveil.eth.hiring.Signed;
import org.unveil.eth.hiring.Solicitation;
import org.unveil.eth.keys.ReleaseKeyDerivation;
import org.unveil.keyholder.store.AcceptedOffer;
import org.unveil.keyholder.store.KeyholderStore;
import org.unveil.keyholder.store.Offers.Acceptance;

/**
 * The bot's side of hiring (spec/keyholder-protocol.md sections 5 and 8.1, 8.2): its signed
 * {@code Info}, and the answer to a solicitation in two steps, so that the caller can apply the
 * per-artist rate limit between them: {@link #screen} runs the checks that need only the message
 * (form, chain and factory, signature, time, the release address, the policy), {@link #accept} those
 * that need state or the chain (nonce, {@code eth_getCode}, the slot's earlier terms, capacity), then
 * derives the release key, signs the offer with it and records it.
 *
 * <p>The release key exists only inside {@link #accept} and is destroyed before it returns; the store
 * keeps its address alone.
 */
public final class SolicitationDesk {
    /** spec/keyholder-protocol.md section 8.1: an Info holds for at most 600 s. */
    static final long INFO_LIFETIME_SECONDS = 600;

    private final Chain chain;
    private final KeyholderStore store;
    private final HiringDomain domain;
    private final String implementation;
    private final DeskConfig config;
    private final Clock clock;

    private SolicitationDesk(Chain chain, KeyholderStore store, HiringDomain domain, String implementation, DeskConfig config, Clock clock) {
        this.chain = chain;
        this.store = store;
        this.domain = domain;
        this.implementation = implementation;
        this.config = config;
        this.clock = clock;
    }

    /** A desk for {@code factory} on {@code chain}; reads the factory's release implementation once (it never changes). */
    public static SolicitationDesk create(Chain chain, String factory, KeyholderStore store, DeskConfig config, Clock clock) throws ChainException {
        Objects.requireNonNull(chain, "chain required");
        Objects.requireNonNull(store, "store required");
        Objects.requireNonNull(config, "desk configuration required");
        Objects.requireNonNull(clock, "clock required");
        ReleaseFactoryClient f = ReleaseFactoryClient.at(chain, factory);
        return new SolicitationDesk(chain, store, new HiringDomain(chain.chainId(), f.address()), f.implementation(), config, clock);
    }

    public HiringDomain domain() {
        return domain;
    }

    /** The bot's statement of itself, signed now by the operator key, valid for {@value #INFO_LIFETIME_SECONDS} s. */
    public Signed<KeyholderInfo> info() throws IOException {
        long now = now();
        long free = Math.max(0, config.maxSlots() - store.offers().slotsInUse(now));
        return new KeyholderInfo(config.keyholder().getAddress(), config.operator().getAddress(), domain.chainId(), domain.factory(),
                config.policy(), free, config.version(), now, now + INFO_LIFETIME_SECONDS).sign(config.operator());
    }

    /** Section 5's checks that need only the message and the clock, in its order. */
    public Signed<Solicitation> screen(byte[] body) throws HiringMessageException {
        Signed<Solicitation> signed = Solicitation.fromJson(body);
        long now = now();
        signed.verify(domain, now);
        Solicitation s = signed.message();
        s.checkRelease(implementation);
        config.policy().check(s);
        if (s.enrolDeadline() <= now) {
            throw new HiringMessageException(RefusalCode.OUTSIDE_POLICY, "enrolDeadline " + s.enrolDeadline() + " has passed (now " + now
                    + "); no keyholder could enrol; solicit with the deadlines of a release still to be created");
        }
        return signed;
    }

    /**
     * Section 5's checks that need state or the chain, then the offer: signed with the release key
     * derived for the predicted release and recorded with the solicitation's nonce in one transaction.
     *
     * @param signed a solicitation that passed {@link #screen}
     * @throws IOException the store or the chain failed; nothing was recorded
     */
    public Signed<Offer> accept(Signed<Solicitation> signed) throws HiringMessageException, IOException {
        Solicitation s = signed.message();
        long now = now();
        if (store.offers().nonceSeen(s.artist(), s.nonce())) throw refusal(Acceptance.REPLAYED_NONCE, s);
        if (chain.hasCode(s.release())) {
            throw new HiringMessageException(RefusalCode.ALREADY_DEPLOYED, "the release " + s.release() + " exists already; a keyholder is"
                    + " solicited before the release is created: predict the address of a new salt and pack for it");
        }
        Signed<Offer> offer = sign(s, validUntil(s, now));
        AcceptedOffer record = AcceptedOffer.of(signed, offer.message().solicitationHash(), offer.message().releaseKey(), offer.message().validUntil());
        Acceptance outcome = store.offers().accept(record, now, config.maxSlots());
        if (outcome != Acceptance.NEW && outcome != Acceptance.RENEWED) throw refusal(outcome, s);
        return offer;
    }

    private static HiringMessageException refusal(Acceptance outcome, Solicitation s) {
        return switch (outcome) {
            case REPLAYED_NONCE -> new HiringMessageException(RefusalCode.REPLAYED_NONCE, "nonce " + s.nonce() + " of artist " + s.artist()
                    + " was used before; sign every solicitation with a new random nonce");
            case OTHER_TERMS -> new HiringMessageException(RefusalCode.OUTSIDE_POLICY, "this keyholder already offered to take a slot of release "
                    + s.release() + " on other terms (a bot takes one slot per release); solicit it again with exactly those terms, or another keyholder");
            case NO_CAPACITY -> new HiringMessageException(RefusalCode.NO_CAPACITY, "this keyholder takes no more slots now; try again later"
                    + " or solicit another keyholder");
            case NEW, RENEWED -> throw new IllegalArgumentException("not a refusal: " + outcome);
        };
    }

    /** An offer stands for the configured time, and never past the enrolment deadline, after which it is of no use. */
    private long validUntil(Solicitation s, long now) {
        return Math.min(now + config.offerLifetime().toSeconds(), s.enrolDeadline());
    }

    private Signed<Offer> sign(Solicitation s, long validUntil) throws IOException {
        ReleaseKey key;
        try {
            key = ReleaseKeyDerivation.derive(config.keyholder(), ReleaseKeyRequest.of(s.chainId(), s.factory(), s.release(),
                    config.keyholder().getAddress()));
        } catch (KeyException e) {
            throw new IOException("could not derive the release key for " + s.release() + ": " + e.getMessage(), e);
        }
        try {
            return Offer.answering(s, key, config.keyholder().getAddress(), validUntil).sign(key, domain);
        } finally {
            key.destroy();
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
