package org.unveil.keyholder.bench;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.unveil.eth.Chain;
import org.unveil.eth.ContractCall;
import org.unveil.eth.DevChain;
import org.unveil.eth.ReleaseFactoryClient;
import org.unveil.eth.TransactionSender;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.utils.Numeric;

/**
 * The keyholder bot benchmark of issue #12 (not a test; run by scripts/bench-keyholder): one bot, in
 * its own process, watching N releases on a local Hardhat chain. Phases: hire (N releases launched
 * through the hiring protocol by several artists, until pledging is open), watch (every release open,
 * blocks mined at a steady rate, nothing to do), fund (pledges in batches, until the bot has published
 * every share). Prints one {@code key=value} line per figure for the script, which prints the table.
 */
public final class KeyholderBench {
    private static final int BOT = 2, FAN = 19, FIRST_ARTIST = 3;
    private static final String SHARE_PUBLISHED = EventEncoder.buildEventSignature("SharePublished(uint256,uint256,uint256,uint256)");
    private final Map<String, String> opts;
    private final List<String> figures = new ArrayList<>();

    private KeyholderBench(Map<String, String> opts) {
        this.opts = opts;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>(Map.of("releases", "1000", "confirmations", "12", "artists", "16", "block-ms", "1000", "watch-blocks", "100",
                "batch", "100", "batch-every", "2", "poll", "250ms", "publish-timeout", "900"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !o.containsKey(args[i].substring(2)) && !List.of("--repo", "--work").contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        new KeyholderBench(o).run();
    }

    private int num(String k) {
        return Integer.parseInt(opts.get(k));
    }

    private void figure(String key, Object value) {
        String line = key + "=" + value;
        figures.add(line);
        System.out.println(line);
        System.out.flush();
    }

    private static void say(String line) {
        System.err.println("bench-keyholder: " + line);
    }

    private void run() throws Exception {
        Path repo = Path.of(opts.get("repo")), work = Path.of(opts.get("work"));
        int n = num("releases"), k = num("confirmations"), artists = Math.min(num("artists"), n);
        figure("confirmations_used", k);
        long t0 = System.nanoTime();
        say("starting a Hardhat node");
        try (DevChain dev = DevChain.start(repo)) {
            Chain chain = dev.chain();
            dev.intervalMining(200); // while hiring: a block on every transaction and every 200 ms
            say("starting the keyholder daemon (./unveil keyholder run) in its own process");
            try (BotProcess bot = BotProcess.start(repo, dev, work.resolve("bot"), BOT, k, opts.get("poll"), n + 16);
                 ProcSampler proc = new ProcSampler(bot.pid(), 100);
                 MetricsWatch metrics = new MetricsWatch(bot)) {
                figure("bot_pid", bot.pid());
                figure("rss_idle_mib", mib(proc.statusKib("VmRSS")));

                // 1. hire: N releases, each through the protocol, open for pledges.
                List<String> releases = hire(dev, bot, work, n, artists, t0);
                double hireCpu = proc.cpuSeconds();
                figure("hire_seconds", secs(System.nanoTime() - t0));
                figure("samples_drawn_by_artists", BenchArtist.DRAWN_BY_ARTISTS.get());
                figure("rss_after_hire_mib", mib(proc.statusKib("VmRSS")));
                awaitQuiet(bot);

                // 2. watch: every release open, a block every block-ms, nothing to do.
                rpc(dev, "evm_setAutomine", "[false]");
                dev.intervalMining(num("block-ms"));
                Phase watch = Phase.start(chain, proc, metrics);
                long until = watch.block + num("watch-blocks");
                while (chain.blockNumber().longValueExact() < until) Thread.sleep(100);
                watch.end(chain, proc, metrics);
                figure("watch_blocks", watch.blocks());
                figure("watch_cpu_ms_per_block", String.format(Locale.ROOT, "%.1f", watch.cpu() * 1000 / watch.blocks()));
                figure("watch_pass_ms_avg", String.format(Locale.ROOT, "%.1f", watch.passMillisAvg()));
                figure("watch_pass_ms_max", String.format(Locale.ROOT, "%.0f", watch.passMillisMax));
                figure("watch_passes_per_block", String.format(Locale.ROOT, "%.2f", watch.passes() / (double) watch.blocks()));

                // 3. fund: pledges in batches; the bot publishes each share once the funding is final.
                Phase fund = Phase.start(chain, proc, metrics);
                Map<String, String> pledges = fund(chain, dev, releases);
                Map<String, Long> published = awaitPublished(chain, releases, fund.block, num("publish-timeout"));
                fund.end(chain, proc, metrics);
                List<Long> lags = new ArrayList<>();
                for (String r : releases) {
                    var receipt = chain.receipt(pledges.get(r)).orElseThrow(() -> new IOException("pledge to " + r + " not mined"));
                    if (!receipt.isStatusOK()) throw new IOException("the pledge to " + r + " reverted: " + receipt.getTransactionHash());
                    Long p = published.get(r);
                    if (p != null) lags.add(p - (receipt.getBlockNumber().longValueExact() + k - 1));
                }
                Collections.sort(lags);
                figure("published", lags.size() + "/" + n);
                if (!lags.isEmpty()) {
                    figure("lag_p50_blocks", lags.get((int) Math.ceil(0.50 * lags.size()) - 1));
                    figure("lag_p99_blocks", lags.get((int) Math.ceil(0.99 * lags.size()) - 1));
                    figure("lag_max_blocks", lags.getLast());
                    figure("lag_min_blocks", lags.getFirst());
                }
                figure("fund_blocks", fund.blocks());
                figure("fund_cpu_ms_per_block", String.format(Locale.ROOT, "%.1f", fund.cpu() * 1000 / fund.blocks()));
                figure("fund_pass_ms_avg", String.format(Locale.ROOT, "%.1f", fund.passMillisAvg()));
                figure("fund_pass_ms_max", String.format(Locale.ROOT, "%.0f", fund.passMillisMax));
                figure("hire_cpu_seconds", String.format(Locale.ROOT, "%.1f", hireCpu));
                figure("cpu_seconds_total", String.format(Locale.ROOT, "%.1f", proc.cpuSeconds()));
                figure("rss_end_mib", mib(proc.statusKib("VmRSS")));
                figure("rss_peak_mib", mib(Math.max(proc.statusKib("VmHWM"), proc.peakSampledRssKib())));
                figure("state_file_kib", (size(bot.dataDir.resolve("keyholder.sqlite")) + size(bot.dataDir.resolve("keyholder.sqlite-wal"))) / 1024);
                figure("pass_failures", (long) metrics.last("unveil_keyholder_pass_failures_total"));
                figure("run_seconds", secs(System.nanoTime() - t0));
            }
        }
    }

    private static long mib(long kib) {
        return Math.round(kib / 1024.0);
    }

    private static long size(Path p) throws IOException {
        return Files.exists(p) ? Files.size(p) : 0;
    }

    private static String secs(long nanos) {
        return String.format(Locale.ROOT, "%.0f", nanos / 1e9);
    }

    private List<String> hire(DevChain dev, BotProcess bot, Path work, int n, int artists, long t0) throws Exception {
        Chain chain = dev.chain();
        var factory = ReleaseFactoryClient.at(chain, dev.deployment().factory());
        AtomicInteger done = new AtomicInteger();
        say("launching " + n + " releases (1-of-1, the bot as keyholder) from " + artists + " artists");
        List<Future<List<String>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(artists)) {
            for (int a = 0; a < artists; a++) {
                int artist = a;
                futures.add(pool.submit(() -> {
                    BenchArtist steps = new BenchArtist(chain, dev.account(FIRST_ARTIST + artist), factory, bot.uri,
                            InetAddress.getByName("127.0.1." + (artist + 1)), work.resolve("artist-" + artist));
                    List<String> mine = new ArrayList<>();
                    for (int i = artist; i < n; i += artists) {
                        mine.add(steps.launch("bench-" + i));
                        int d = done.incrementAndGet();
                        if (d % Math.max(1, n / 20) == 0 || d == n) {
                            say(d + "/" + n + " releases open (" + secs(System.nanoTime() - t0) + " s)");
                        }
                    }
                    return mine;
                }));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> f : futures) all.addAll(f.get());
            return all;
        }
    }

    /** Waits until the bot has nothing in flight (every enrolment and draw confirmed). */
    private static void awaitQuiet(BotProcess bot) throws Exception {
        for (int i = 0; i < 600; i++) {
            Map<String, Double> m = bot.metrics();
            if (m.getOrDefault("unveil_keyholder_actions{status=\"signed\"}", 0.0) + m.getOrDefault("unveil_keyholder_actions{status=\"broadcast\"}", 0.0)
                    + m.getOrDefault("unveil_keyholder_actions{status=\"intended\"}", 0.0) == 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IOException("the bot still has actions in flight after 5 minutes");
    }

    /** Pledges the goal of each release, {@code batch} releases every {@code batch-every} blocks; the pledge transaction of each. */
    private Map<String, String> fund(Chain chain, DevChain dev, List<String> releases) throws Exception {
        TransactionSender fan = chain.sender(dev.account(FAN));
        long nonce = chain.pendingNonce(fan.address());
        String data = FunctionEncoder.encode(new Function("pledge", List.of(new Uint256(BenchArtist.GOAL)), List.of()));
        TransactionSender.Fees fees = fan.fees().bumped(100);
        Map<String, String> txs = new HashMap<>();
        int batch = num("batch"), every = num("batch-every");
        say("funding " + releases.size() + " releases, " + batch + " every " + every + " blocks");
        long next = chain.blockNumber().longValueExact();
        for (int i = 0; i < releases.size(); i += batch) {
            while (chain.blockNumber().longValueExact() < next) Thread.sleep(20);
            for (String r : releases.subList(i, Math.min(releases.size(), i + batch))) {
                byte[] raw = fan.sign(new ContractCall(r, data, BenchArtist.GOAL, "pledge to " + r), nonce++, BigInteger.valueOf(400_000), fees);
                chain.broadcast(raw);
                txs.put(r, Numeric.toHexString(Hash.sha3(raw)));
            }
            next = chain.blockNumber().longValueExact() + every;
        }
        return txs;
    }

    /** The block of each release's SharePublished, read until every release has one or {@code timeoutSeconds} pass. */
    private static Map<String, Long> awaitPublished(Chain chain, List<String> releases, long from, int timeoutSeconds) throws Exception {
        Map<String, Long> out = new HashMap<>();
        long end = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        long scanned = from - 1;
        while (out.size() < releases.size() && System.nanoTime() < end) {
            Thread.sleep(2000);
            long head = chain.blockNumber().longValueExact();
            if (head <= scanned) continue;
            for (int i = 0; i < releases.size(); i += 200) {
                EthFilter f = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(scanned + 1)), DefaultBlockParameter.valueOf(BigInteger.valueOf(head)),
                        releases.subList(i, Math.min(releases.size(), i + 200)));
                f.addSingleTopic(SHARE_PUBLISHED);
                EthLog logs = chain.web3j().ethGetLogs(f).send();
                if (logs.hasError()) throw new IOException("eth_getLogs: " + logs.getError().getMessage());
                for (EthLog.LogResult<?> l : logs.getLogs()) {
                    var log = (org.web3j.protocol.core.methods.response.Log) l.get();
                    out.putIfAbsent(log.getAddress().toLowerCase(Locale.ROOT), log.getBlockNumber().longValueExact());
                }
            }
            scanned = head;
            say(out.size() + "/" + releases.size() + " shares published (head " + head + ")");
        }
        Map<String, Long> byRelease = new HashMap<>();
        for (String r : releases) if (out.containsKey(r.toLowerCase(Locale.ROOT))) byRelease.put(r, out.get(r.toLowerCase(Locale.ROOT)));
        return byRelease;
    }

    private static void rpc(DevChain dev, String method, String paramsJson) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(dev.rpcUrl())).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + paramsJson + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || r.body().contains("\"error\"")) throw new IOException(method + " failed: " + r.body());
    }

    /** CPU, blocks and the daemon's pass counters between two moments. */
    private static final class Phase {
        long block, endBlock;
        double cpu0, cpu1, passes0, passes1, passSeconds0, passSeconds1, passMillisMax;
        private final MetricsWatch metrics;

        private Phase(MetricsWatch metrics) {
            this.metrics = metrics;
        }

        static Phase start(Chain chain, ProcSampler proc, MetricsWatch metrics) throws Exception {
            Phase p = new Phase(metrics);
            p.block = chain.blockNumber().longValueExact();
            p.cpu0 = proc.cpuSeconds();
            Map<String, Double> m = metrics.now();
            p.passes0 = m.get("unveil_keyholder_passes_total");
            p.passSeconds0 = m.get("unveil_keyholder_pass_seconds_total");
            metrics.resetMax();
            return p;
        }

        void end(Chain chain, ProcSampler proc, MetricsWatch metrics) throws Exception {
            endBlock = chain.blockNumber().longValueExact();
            cpu1 = proc.cpuSeconds();
            Map<String, Double> m = metrics.now();
            passes1 = m.get("unveil_keyholder_passes_total");
            passSeconds1 = m.get("unveil_keyholder_pass_seconds_total");
            passMillisMax = metrics.maxLastPass() * 1000;
        }

        long blocks() {
            return Math.max(1, endBlock - block);
        }

        double cpu() {
            return cpu1 - cpu0;
        }

        double passes() {
            return passes1 - passes0;
        }

        double passMillisAvg() {
            return passes() == 0 ? 0 : (passSeconds1 - passSeconds0) * 1000 / passes();
        }
    }
}
