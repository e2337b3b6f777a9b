package org.unveil.release;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.unveil.eth.Chain;
import org.unveil.eth.KeyholderRegistryClient;
import org.unveil.eth.ReleaseParams;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseEvent;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.ReleaseStatus;
import org.unveil.eth.Slot;
import org.unveil.eth.TransactionSender;

/**
 * The steps any account may take: read a release's whole state, move it on when a deadline passed
 * (cancel, expire, settle), and pay out what keyholders and the artist are owed (every payment
 * goes to its owner's address, whoever sends the claim). A payment its payee rejected is kept as a
 * credit, which only the payee can withdraw ({@link #withdrawCredit}).
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
     * Settles a Funded or Released release, expires an Open one, cancels an Enrolling or Sampling one (the
     * contract refuses each before its deadline); a final release is left as it is. With
     * {@code payOut}, then {@link #claim}s every unpaid deposit and the artist's fee.
     */
    public Settlement settle(TransactionSender sender, ReleaseClient release, boolean payOut) throws IOException {
        List<Transaction> txs = new ArrayList<>();
        switch (release.state()) {
            case FUNDED, RELEASED -> txs.add(new Transaction("settle", release.settle(sender)));
            case OPEN -> txs.add(new Transaction("expire", release.expire(sender)));
            case ENROLLING, SAMPLING -> txs.add(new Transaction("cancel", release.cancel(sender)));
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

    /**
     * What {@code account} may withdraw for payments its address rejected: from the release, and
     * from the release's registry per token (ETH, and the release's token when it is paid in one:
     * the registry pays snitch rewards in both).
     */
    public record Credits(String account, BigInteger release, Map<String, BigInteger> registry) {
        public Credits {
            Objects.requireNonNull(account, "account required");
            Objects.requireNonNull(release, "release credit required");
            registry = Map.copyOf(registry);
        }

        public boolean any() {
            return release.signum() > 0 || registry.values().stream().anyMatch(v -> v.signum() > 0);
        }
    }

    /** Where {@link #withdrawCredit} looks for credits. */
    public enum CreditSource { RELEASE, REGISTRY, BOTH }

    /** The credits of {@code account} at {@code release} and its registry (zero where nothing is owed). */
    public Credits credits(ReleaseClient release, String account) throws IOException {
        Map<String, BigInteger> registry = new LinkedHashMap<>();
        KeyholderRegistryClient reg = KeyholderRegistryClient.at(chain, release.registry());
        for (String token : registryTokens(release)) registry.put(token, reg.creditOf(account, token));
        return new Credits(account, release.creditOf(account), registry);
    }

    /**
     * The credits worth showing with a release's status: those of {@code account} (even when zero,
     * since it asked), then every payee the release's logs show was credited and still is.
     */
    public List<Credits> creditsToShow(ReleaseClient release, ReleaseStatus status, Optional<String> account) throws IOException {
        Set<String> payees = new LinkedHashSet<>();
        account.ifPresent(a -> payees.add(a.toLowerCase(java.util.Locale.ROOT)));
        for (ReleaseEvent e : status.events()) {
            if (e instanceof ReleaseEvent.PaymentCredited p) payees.add(p.to().toLowerCase(java.util.Locale.ROOT));
        }
        List<Credits> out = new ArrayList<>();
        for (String payee : payees) {
            Credits c = credits(release, payee);
            if (c.any() || account.map(payee::equalsIgnoreCase).orElse(false)) out.add(c);
        }
        return out;
    }

    /** What {@link #withdrawCredit} moved (per source, as {@link Credits}) and the transactions it sent. */
    public record Withdrawal(Credits withdrawn, List<Transaction> transactions) {}

    /**
     * Withdraws every credit of the sender in {@code from}: the release's {@code withdrawCredit()}
     * and the registry's {@code withdrawCredit(token)} for each token with a credit.
     *
     * @throws RefusedException before sending anything when nothing is owed there, naming whose key to use
     */
    public Withdrawal withdrawCredit(TransactionSender sender, ReleaseClient release, CreditSource from) throws IOException, RefusedException {
        Objects.requireNonNull(from, "credit source required");
        Credits owed = credits(release, sender.address());
        BigInteger fromRelease = from == CreditSource.REGISTRY ? BigInteger.ZERO : owed.release();
        Map<String, BigInteger> fromRegistry = new LinkedHashMap<>();
        if (from != CreditSource.RELEASE) owed.registry().forEach((t, v) -> { if (v.signum() > 0) fromRegistry.put(t, v); });
        Credits taking = new Credits(sender.address(), fromRelease, fromRegistry);
        if (!taking.any()) {
            String where = switch (from) {
                case RELEASE -> "release " + release.address();
                case REGISTRY -> "the registry " + release.registry() + " of release " + release.address();
                case BOTH -> "release " + release.address() + " or its registry " + release.registry();
            };
            throw new RefusedException(sender.address() + " has no credit to withdraw from " + where + ": a credit is a payment its payee"
                    + " rejected (a deposit to a payout address, a snitch reward to a beneficiary); sign with --key-file of that payee"
                    + (from == CreditSource.BOTH ? "" : ", or look in --from both"));
        }
        List<Transaction> txs = new ArrayList<>();
        if (fromRelease.signum() > 0) txs.add(new Transaction("withdrawCredit", release.withdrawCredit(sender)));
        KeyholderRegistryClient reg = KeyholderRegistryClient.at(chain, release.registry());
        for (String token : fromRegistry.keySet()) {
            txs.add(new Transaction("withdrawCredit registry " + token, reg.withdrawCredit(sender, token)));
        }
        return new Withdrawal(taking, txs);
    }

    private static List<String> registryTokens(ReleaseClient release) throws IOException {
        return release.paidInEth() ? List.of(ReleaseParams.ETH) : List.of(ReleaseParams.ETH, release.token());
    }
}
