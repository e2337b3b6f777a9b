package org.unveil.release;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseEvent;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.ReleaseStatus;
import org.unveil.eth.Slot;
import org.unveil.eth.TransactionSender;

/**
 * The steps any account may take: read a release's whole state, move it on when a deadline passed
 * (cancel, expire, settle), and pay out what keyholders and the artist are owed (every payment
 * goes to its owner's address, whoever sends the claim).
 */
public final class Anyone {
    private final Chain chain;

    public Anyone(Chain chain) {
        this.chain = Objects.requireNonNull(chain, "chain required");
    }

    /** The release's figures, slots, published shares and secret, rebuilt from its views and logs. */
    public ReleaseStatus status(ReleaseClient release) throws IOException {
        return release.status();
    }

    /** What {@link #settle} sent and the state it left. */
    public record Settlement(List<Transaction> transactions, ReleaseState state) {}

    /**
     * Settles a Funded or Released release, expires an Open one, cancels an Enrolling one (the
     * contract refuses each before its deadline); a final release is left as it is. With
     * {@code payOut}, then {@link #claim}s every unpaid deposit and the artist's fee.
     */
    public Settlement settle(TransactionSender sender, ReleaseClient release, boolean payOut) throws IOException {
        List<Transaction> txs = new ArrayList<>();
        switch (release.state()) {
            case FUNDED, RELEASED -> txs.add(new Transaction("settle", release.settle(sender)));
            case OPEN -> txs.add(new Transaction("expire", release.expire(sender)));
            case ENROLLING -> txs.add(new Transaction("cancel", release.cancel(sender)));
            default -> { } // already final: only pay-outs remain
        }
        if (payOut) txs.addAll(claim(sender, release));
        return new Settlement(txs, release.state());
    }

    /** Claims every unpaid deposit (to each keyholder's payout address) and, once Settled, the artist's fee. */
    public List<Transaction> claim(TransactionSender sender, ReleaseClient release) throws IOException {
        List<Transaction> txs = new ArrayList<>();
        for (Slot s : release.slots()) {
            boolean owed = (s.status() == Slot.Status.ENROLLED || s.status() == Slot.Status.PUBLISHED) && !s.claimed();
            if (owed) txs.add(new Transaction("claimDeposit " + s.index(), release.claimDeposit(sender, s.index())));
        }
        if (release.state() == ReleaseState.SETTLED && release.events().stream().noneMatch(e -> e instanceof ReleaseEvent.ArtistFeeClaimed)) {
            txs.add(new Transaction("claimArtistFee", release.claimArtistFee(sender)));
        }
        return txs;
    }
}
