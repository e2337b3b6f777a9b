package org.unveil.keyholder.daemon;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.hiring.HiringMessageException;
import org.unveil.eth.hiring.RefusalCode;
import org.unveil.keyholder.chain.WatchMetrics;
import org.unveil.keyholder.engine.Engine;
import org.unveil.keyholder.hiring.ArchiveIntake;
import org.unveil.keyholder.http.CommitAnswer;
import org.unveil.keyholder.http.Health;
import org.unveil.keyholder.http.ReleaseDesk;
import org.unveil.keyholder.http.ReleaseReport;
import org.unveil.keyholder.store.AcceptedOffer;
import org.unveil.keyholder.store.Action;
import org.unveil.keyholder.store.ActionKind;
import org.unveil.keyholder.store.ActionStatus;
import org.unveil.keyholder.store.HeldRelease;
import org.unveil.keyholder.store.KeyholderStore;

/** The engine behind the endpoints that need it: a commit, a release's report, health and metrics. */
final class EngineDesk implements ReleaseDesk {
    private final Chain chain;
    private final String factory;
    private final KeyholderStore store;
    private final Engine engine;
    private final DaemonLoop loop;
    private final Duration pollInterval;
    private final Clock clock;
    private final ArchiveIntake intake;
    private final boolean fetchFromGateways;
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();

    EngineDesk(Chain chain, String factory, KeyholderStore store, Engine engine, DaemonLoop loop, Duration pollInterval, Clock clock, ArchiveIntake intake,
            boolean fetchFromGateways) {
        this.intake = intake;
        this.fetchFromGateways = fetchFromGateways;
        this.chain = chain;
        this.factory = factory;
        this.store = store;
        this.engine = engine;
        this.loop = loop;
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    @Override
    public CommitAnswer commit(String release, List<java.net.URI> gateways) throws HiringMessageException, IOException {
        AcceptedOffer offer = store.offers().get(chain.chainId(), release).orElseThrow(() -> new HiringMessageException(RefusalCode.NOT_FOUND,
                "this bot made no offer for release " + release + "; solicit it first (POST /v1/solicit)"));
        if (!chain.hasCode(release)) {
            throw new HiringMessageException(RefusalCode.NOT_READY, "release " + release + " is not created yet; commit once createRelease is mined");
        }
        if (offer.archiveCid().isEmpty() && !gateways.isEmpty()) {
            if (!fetchFromGateways) {
                throw new HiringMessageException(RefusalCode.NOT_READY, "this bot does not fetch archives from gateways (http.fetch_from_gateways = false); upload it with"
                        + " PUT /v1/archives/{cid}?release=" + release);
            }
            // The archive the release records, not one the request names: the chain fixes it.
            String cid = org.unveil.ipfs.Cid.fromBytes(org.unveil.eth.ReleaseClient.at(chain, release).params().archiveCid()).toString();
            intake.fetch(cid, release, gateways, http, Duration.ofMinutes(30));
            offer = store.offers().get(chain.chainId(), release).orElseThrow();
        }
        if (offer.archiveCid().isEmpty()) {
            throw new HiringMessageException(RefusalCode.NOT_READY, "the archive of release " + release + " has not been received; upload it with PUT /v1/archives/{cid}?release="
                    + release + ", or commit naming gateways that have it, then commit again");
        }
        store.releases().hold(offer.chainId(), offer.release(), factory, offer.slot(), ReleaseState.NONE);
        List<Action> actions;
        try {
            actions = engine.evaluateNow(release);
        } catch (GeneralSecurityException e) {
            throw new HiringMessageException(RefusalCode.INTERNAL, "the bot could not sign for release " + release + ": " + e.getMessage());
        }
        Optional<Action> enrol = actions.stream().filter(a -> a.key().kind() == ActionKind.ENROL).findFirst();
        if (enrol.isEmpty()) {
            String next = engine.next(release).orElse("nothing yet");
            throw new HiringMessageException(RefusalCode.NOT_READY, "the bot did not enrol in release " + release + " now: " + next);
        }
        Action a = enrol.get();
        if (a.status() == ActionStatus.FAILED) {
            throw new HiringMessageException(RefusalCode.REFUSED, "the bot refuses to enrol in release " + release + ": " + a.reason().orElse("its checks failed"));
        }
        return new CommitAnswer(offer.release(), offer.slot(), "enrol", a.status().name(), a.latest().map(t -> t.txHash()).orElse(null));
    }

    @Override
    public Optional<ReleaseReport> report(String release) throws IOException {
        long chainId = chain.chainId();
        Optional<AcceptedOffer> offer = store.offers().get(chainId, release);
        Optional<HeldRelease> held = store.releases().get(chainId, release);
        if (offer.isEmpty() && held.isEmpty()) return Optional.empty();
        List<ReleaseReport.Action> actions = new ArrayList<>();
        for (Action a : store.journal().forRelease(chainId, release)) {
            Optional<String> tx = a.confirmedTxHash().or(() -> a.latest().map(t -> t.txHash()));
            actions.add(new ReleaseReport.Action(a.key().kind().name().toLowerCase(Locale.ROOT), a.status().name(), a.nonce(), tx));
        }
        int slot = held.map(HeldRelease::slot).orElseGet(() -> offer.get().slot());
        int group = offer.map(AcceptedOffer::group).orElse(-1);
        String state = held.map(h -> h.state().label()).orElse(ReleaseState.NONE.label());
        String next = engine.next(release).orElse(held.isPresent() ? "look at the release in the next pass" : "wait for the artist to create the release");
        return Optional.of(new ReleaseReport(release.toLowerCase(Locale.ROOT), chainId, factory, slot, group, state, offer.flatMap(AcceptedOffer::archiveCid),
                actions, next));
    }

    @Override
    public Health health() {
        long head = Math.max(engine.lastHead(), 0);
        WatchMetrics m = loop.watchMetrics();
        long cursor = m.cursor();
        Instant last = loop.lastSuccess();
        Duration since = Duration.between(last, clock.instant());
        if (since.compareTo(pollInterval.multipliedBy(5)) > 0) {
            return Health.degraded(chain.chainId(), head, cursor, "the last successful pass was " + since.toSeconds() + " s ago"
                    + loop.lastError().map(e -> ": " + e).orElse(""));
        }
        return Health.ok(chain.chainId(), head, cursor);
    }

    @Override
    public void writeMetrics(Appendable out) throws IOException {
        WatchMetrics m = loop.watchMetrics();
        gauge(out, "head_block", "the chain's head at the last pass", engine.lastHead());
        gauge(out, "cursor_block", "the last block whose logs were read", m.cursor());
        counter(out, "passes_total", "passes of the engine", loop.passes());
        counter(out, "pass_failures_total", "passes that failed (the chain or the store)", loop.failures());
        seconds(out, "pass_seconds_total", "counter", "wall time spent in passes", loop.passNanos());
        seconds(out, "last_pass_seconds", "gauge", "wall time of the last pass", loop.lastPassNanos());
        counter(out, "watch_polls_total", "log polls", m.polls());
        counter(out, "watch_logs_total", "logs read", m.logs());
        counter(out, "watch_reorgs_total", "reorgs followed", m.reorgs());
        counter(out, "watch_chunk_halvings_total", "log ranges halved because the node refused them", m.chunkHalvings());
        counter(out, "watch_retries_total", "RPC requests retried", m.retries());
        Map<ReleaseState, Integer> states = new EnumMap<>(ReleaseState.class);
        for (HeldRelease h : store.releases().all()) states.merge(h.state(), 1, Integer::sum);
        out.append("# HELP unveil_keyholder_releases held releases by the state last seen\n# TYPE unveil_keyholder_releases gauge\n");
        for (ReleaseState s : ReleaseState.values()) {
            out.append("unveil_keyholder_releases{state=\"").append(s.label()).append("\"} ").append(String.valueOf(states.getOrDefault(s, 0))).append('\n');
        }
        Map<ActionStatus, Integer> statuses = store.journal().countByStatus();
        out.append("# HELP unveil_keyholder_actions journaled actions by status\n# TYPE unveil_keyholder_actions gauge\n");
        for (ActionStatus s : ActionStatus.values()) {
            out.append("unveil_keyholder_actions{status=\"").append(s.name().toLowerCase(Locale.ROOT)).append("\"} ")
                    .append(String.valueOf(statuses.getOrDefault(s, 0))).append('\n');
        }
    }

    private static void gauge(Appendable out, String name, String help, long value) throws IOException {
        out.append("# HELP unveil_keyholder_").append(name).append(' ').append(help).append("\n# TYPE unveil_keyholder_").append(name).append(" gauge\n")
                .append("unveil_keyholder_").append(name).append(' ').append(String.valueOf(value)).append('\n');
    }

    private static void seconds(Appendable out, String name, String type, String help, long nanos) throws IOException {
        out.append("# HELP unveil_keyholder_").append(name).append(' ').append(help).append("\n# TYPE unveil_keyholder_").append(name).append(' ').append(type)
                .append("\nunveil_keyholder_").append(name).append(' ').append(String.format(Locale.ROOT, "%.6f", nanos / 1e9)).append('\n');
    }

    private static void counter(Appendable out, String name, String help, long value) throws IOException {
        out.append("# HELP unveil_keyholder_").append(name).append(' ').append(help).append("\n# TYPE unveil_keyholder_").append(name).append(" counter\n")
                .append("unveil_keyholder_").append(name).append(' ').append(String.valueOf(value)).append('\n');
    }
}
