package org.unveil.keyholder.engine;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.unveil.archive.Inspection;
import org.unveil.archive.keys.KeyException;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseKeyRequest;
import org.unveil.eth.Chain;
import org.unveil.eth.ChainException;
import org.unveil.eth.ContractCall;
import org.unveil.eth.ContractRevertException;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseParams;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.ReleaseSummary;
import org.unveil.eth.TransactionSender;
import org.unveil.eth.keys.ReleaseKeyDerivation;
import org.unveil.keyholder.store.Action;
import org.unveil.keyholder.store.ActionJournal;
import org.unveil.keyholder.store.ActionKey;
import org.unveil.keyholder.store.ActionKind;
import org.unveil.keyholder.store.ActionStatus;
import org.unveil.keyholder.store.HeldRelease;
import org.unveil.keyholder.store.KeyholderStore;
import org.unveil.keyholder.store.StoreException;
import org.unveil.release.Keyholder;
import org.unveil.release.KeyholderPolicy;
import org.unveil.release.RefusedException;
import org.web3j.crypto.Credentials;

/**
 * The keyholder's work on every release it holds a slot of, one pass at a time ({@link #tick}):
 * observe the release on chain, decide ({@link Decider}), simulate, journal, sign, send and confirm
 * ({@link ActionRunner}). Level-triggered: each decision is made from the chain's state as read
 * now, never from the event that prompted it, so a missed, repeated or reorged event changes when
 * the bot looks, not what it does; events only mark a release to look at sooner ({@link #markDirty}).
 *
 * <p>The per-release key is derived from the wallet for each use and destroyed after it; it is
 * never stored or logged.
 */
public final class Engine {
    private static final System.Logger LOG = System.getLogger("unveil.keyholder.engine");
    private final Chain chain;
    private final String factory;
    private final Credentials wallet;
    private final String keyholder;
    private final KeyholderStore store;
    private final Hires hires;
    private final Keyholder steps;
    private final ActionRunner runner;
    private final Finality finality;
    private final EngineOptions options;
    private final Checkpoint checkpoint;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final Map<String, Duration> revealWindows = new ConcurrentHashMap<>();
    private volatile long lastHead = -1;
    /** The head at the last completed sweep. */
    private long sweptAt;

    /** The last decision about a release, and when to look again. */
    private record Tracked(Decision decision, long decidedAtBlock, Instant decidedAt) {}

    /**
     * How the engine paces itself.
     *
     * @param retry how long to wait before simulating again a step the chain refused (a claim before the accusation window ends)
     * @param sweepBlocks every this many blocks every held release is looked at, events or not
     */
    public record EngineOptions(Duration retry, long sweepBlocks) {}

    public Engine(Chain chain, String factory, Credentials wallet, KeyholderStore store, Hires hires, KeyholderPolicy policy, Finality finality,
            RunnerOptions runnerOptions, EngineOptions options, Clock clock, Checkpoint checkpoint) {
        this.chain = chain;
        this.factory = factory.toLowerCase(Locale.ROOT);
        this.wallet = wallet;
        this.keyholder = wallet.getAddress().toLowerCase(Locale.ROOT);
        this.store = store;
        this.hires = hires;
        this.steps = new Keyholder(chain, policy);
        TransactionSender sender = chain.sender(wallet);
        this.runner = new ActionRunner(chain, sender, store.journal(), runnerOptions, clock, checkpoint);
        this.finality = finality;
        this.options = options;
        this.checkpoint = checkpoint;
    }

    /** A release to look at in the next pass (an event named it). */
    public void markDirty(String release) {
        dirty.add(release.toLowerCase(Locale.ROOT));
    }

    /** The addresses whose events the watcher should read: every held release not finished. */
    public Set<String> watched() throws StoreException {
        Set<String> out = new HashSet<>();
        for (HeldRelease h : store.releases().all()) {
            Tracked t = tracked.get(h.address());
            if (t == null || !t.decision().finished()) out.add(h.address());
        }
        return out;
    }

    public long lastHead() {
        return lastHead;
    }

    /**
     * One pass: hold every new hire, advance every pending action (re-send, bump, confirm), then
     * decide about each release that is due: named by an event, at the block or time its last
     * decision asked for, or in the periodic sweep.
     */
    public synchronized void tick() throws IOException, GeneralSecurityException {
        long head = chain.blockNumber().longValueExact();
        Instant now = chain.latestBlockTime();
        lastHead = head;
        Set<String> held = new HashSet<>();
        for (HeldRelease h : store.releases().all()) held.add(h.address());
        for (Hires.Hire h : hires.all()) {
            if (!held.contains(h.release())) store.releases().hold(h.chainId(), h.release(), factory, h.slot(), ReleaseState.NONE);
        }
        for (Action a : store.journal().pendingResends()) {
            Action after = runner.advance(a, head);
            if (after.status() != a.status()) markDirty(a.key().release());
        }
        // A pass does not see every block, so the sweep is due once the head is sweepBlocks past the last one done.
        boolean sweep = options.sweepBlocks() > 0 && head >= sweptAt + options.sweepBlocks();
        for (HeldRelease h : store.releases().all()) {
            if (h.chainId() != chain.chainId()) continue;
            Tracked t = tracked.get(h.address());
            if (t != null && t.decision().finished()) continue;
            if (t == null || sweep || dirty.remove(h.address()) || due(t.decision(), head, now)) {
                try {
                    evaluate(h, head, now);
                } catch (IOException | GeneralSecurityException | RuntimeException e) {
                    // The event that named it is read and committed already: keep the mark, or the release waits for the sweep.
                    dirty.add(h.address());
                    throw e;
                }
            }
        }
        if (sweep) sweptAt = head;
    }

    private static boolean due(Decision d, long head, Instant now) {
        return (d.wakeAtBlock() > 0 && head >= d.wakeAtBlock()) || d.wakeAt().map(w -> !now.isBefore(w)).orElse(false);
    }

    /** Looks at {@code release} now and acts if its rules say so; the decision, for reports. */
    Decision evaluate(HeldRelease h, long head, Instant now) throws IOException, GeneralSecurityException {
        ReleaseView view = observe(h, head, now);
        checkpoint.reached(Checkpoint.Step.OBSERVE);
        Map<ActionKind, Action> actions = actionsOf(h);
        Optional<Hires.Hire> hire = hires.get(h.chainId(), h.address());
        Decision d = Decider.decide(view, hire.flatMap(Hires.Hire::archiveCid).isPresent(), actions, finality.toString());
        checkpoint.reached(Checkpoint.Step.DECIDE);
        if (d.act().isPresent()) d = perform(d.act().get(), d, h, view, hire);
        tracked.put(h.address(), new Tracked(d, head, now));
        store.releases().record(h.chainId(), h.address(), view.state(), d.next());
        return d;
    }

    private ReleaseView observe(HeldRelease h, long head, Instant now) throws ChainException {
        if (!chain.hasCode(h.address())) {
            return new ReleaseView(h.address(), h.slot(), head, now, ReleaseState.NONE, Optional.empty(), Optional.empty(), Optional.empty(), false,
                    Optional.empty(), Duration.ZERO);
        }
        ReleaseClient release = ReleaseClient.at(chain, h.address());
        ReleaseSummary summary = release.summary();
        ReleaseState atFinal = release.stateAt(finality.finalBlock(head));
        Optional<Long> beacon = Optional.empty();
        boolean drawn = false;
        Optional<Instant> due = Optional.empty();
        if (summary.state() == ReleaseState.SAMPLING) {
            ReleaseClient.Samples s = release.samples();
            beacon = s.beaconBlock().map(BigInteger::longValueExact);
            drawn = s.seed().isPresent();
            due = s.revealBy();
        }
        Duration window = revealWindows.computeIfAbsent(h.address(), a -> Duration.ZERO);
        if (window.isZero()) {
            window = release.params().revealWindow(); // fixed at creation: read once per release
            revealWindows.put(h.address(), window);
        }
        return new ReleaseView(h.address(), h.slot(), head, now, atFinal, Optional.of(summary), Optional.of(release.slot(h.slot())), beacon, drawn, due, window);
    }

    /** The latest round of each kind journaled for the release. */
    private Map<ActionKind, Action> actionsOf(HeldRelease h) throws StoreException {
        Map<ActionKind, Action> out = new EnumMap<>(ActionKind.class);
        for (Action a : store.journal().forRelease(h.chainId(), h.address())) out.put(a.key().kind(), a);
        return out;
    }

    /**
     * Builds the step's call, simulates it and journals and sends it. A simulation the chain refuses
     * is not journaled: the step is looked at again after {@link EngineOptions#retry}. A refusal of
     * the bot's own checks (the archive, the share, the terms) is journaled as a FAILED enrolment,
     * so it is reported and never tried again.
     */
    private Decision perform(ActionKind kind, Decision decided, HeldRelease h, ReleaseView view, Optional<Hires.Hire> hire)
            throws IOException, GeneralSecurityException {
        Action last = actionsOf(h).get(kind);
        ActionKey key = last == null ? new ActionKey(h.chainId(), h.address(), kind, h.slot()) : Decider.mayRetry(last) ? last.key().next() : last.key();
        ReleaseClient release = ReleaseClient.at(chain, h.address());
        ContractCall call;
        try {
            call = switch (kind) {
                case ENROL -> enrolCall(release, h, hire.orElseThrow(() -> new RefusedException("the bot has no accepted solicitation for " + h.address())));
                case PUBLISH_SHARE -> publishCall(release, h, hire);
                case CLAIM_DEPOSIT -> release.claimDepositCall(h.slot());
                case DRAW_SAMPLES -> release.drawSamplesCall();
                case CANCEL -> release.cancelCall();
                case EXPIRE -> release.expireCall();
                case SETTLE -> release.settleCall();
            };
        } catch (RefusedException e) {
            Action a = store.journal().intend(key, runner.account());
            if (a.status() == ActionStatus.INTENDED) store.journal().fail(a.id(), e.getMessage());
            LOG.log(System.Logger.Level.WARNING, "{0}: refused: {1}", key, e.getMessage());
            return Decision.waitFor("refused to " + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + e.getMessage(), 0, Optional.empty());
        }
        BigInteger gas;
        try {
            gas = runner.simulate(call).max(gasFloor(kind));
        } catch (ContractRevertException e) {
            return Decision.waitFor(decided.next() + " (not yet: " + e.getMessage() + ")", view.head() + Decider.RETRY_BLOCKS,
                    Optional.of(view.now().plus(options.retry())));
        }
        Action a = runner.start(key, call, gas);
        LOG.log(System.Logger.Level.INFO, "{0}: {1}", key, a.status());
        return Decision.waitFor(decided.next() + " (" + a.status().name().toLowerCase(Locale.ROOT) + ")", view.head() + 1, Optional.empty());
    }

    /**
     * The least gas limit a step is sent with, whatever the simulation said. A simulation sees the
     * state before the block: a share it priced as one more share may be mined after others of its
     * group in the same block and become the one that recombines the secret and checks the samples
     * (a 32-of-32 group with 16 samples costs about half a million gas); the last enrolment starts the
     * sampling. Only the gas used is paid, so a high limit costs nothing unless it is needed.
     */
    private static BigInteger gasFloor(ActionKind kind) {
        return switch (kind) {
            case PUBLISH_SHARE -> BigInteger.valueOf(1_000_000);
            case ENROL -> BigInteger.valueOf(500_000);
            default -> BigInteger.ZERO;
        };
    }

    private ContractCall enrolCall(ReleaseClient release, HeldRelease h, Hires.Hire hire) throws IOException, GeneralSecurityException {
        ReleaseParams p = release.params();
        List<String> differ = SolicitedTerms.differences(hire.solicitation(), p, release.artist());
        if (!differ.isEmpty()) {
            throw new RefusedException("the release was created with other terms than solicited: " + String.join("; ", differ));
        }
        return withKeyAndArchive(h, hire, (key, archive) -> steps.enrolCall(release, h.slot(), keyholder, key, archive));
    }

    private ContractCall publishCall(ReleaseClient release, HeldRelease h, Optional<Hires.Hire> hire) throws IOException, GeneralSecurityException {
        Hires.Hire found = hire.orElseThrow(() -> new RefusedException("the bot has no record of how it was hired for " + h.address()
                + ", so it has no archive to open its share from"));
        return withKeyAndArchive(h, found, (key, archive) -> steps.publishShareCall(release, h.slot(), key, archive).call());
    }

    @FunctionalInterface
    private interface KeyWork<T> {
        T run(ReleaseKey key, Inspection archive) throws IOException, GeneralSecurityException;
    }

    /** Runs {@code work} with the release key, derived for it and destroyed after, and the archive's manifest. */
    private <T> T withKeyAndArchive(HeldRelease h, Hires.Hire hire, KeyWork<T> work) throws IOException, GeneralSecurityException {
        Inspection archive = hires.archive(hire)
                .orElseThrow(() -> new RefusedException("the archive of " + h.address() + " has not been received; upload it with PUT /v1/archives/{cid}?release=" + h.address()));
        ReleaseKey key = releaseKey(h);
        try {
            return work.run(key, archive);
        } finally {
            key.destroy();
        }
    }

    private ReleaseKey releaseKey(HeldRelease h) throws KeyException {
        return ReleaseKeyDerivation.derive(wallet, ReleaseKeyRequest.of(h.chainId(), h.factory(), h.address(), keyholder));
    }

    /** What the bot last decided about {@code release}, in one sentence (empty if it has not looked at it yet). */
    public Optional<String> next(String release) {
        return Optional.ofNullable(tracked.get(release.toLowerCase(Locale.ROOT))).map(t -> t.decision().next());
    }

    /**
     * Looks at {@code release} now (a {@code POST /v1/commit}), outside the pass schedule; the
     * actions journaled for it after.
     */
    public synchronized List<Action> evaluateNow(String release) throws IOException, GeneralSecurityException {
        HeldRelease h = store.releases().get(chain.chainId(), release)
                .orElseThrow(() -> new IllegalArgumentException("release " + release + " is not held by this bot"));
        evaluate(h, chain.blockNumber().longValueExact(), chain.latestBlockTime());
        return store.journal().forRelease(h.chainId(), h.address());
    }
}
