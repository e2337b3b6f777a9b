package org.unveil.keyholder.chain;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.unveil.keyholder.store.LogKey;

/**
 * A log as the watcher hands it on: only what eth_getLogs said, in one spelling (lowercase hex),
 * decoded no further. The engine decodes the events it knows (unveil-eth's event decoders); the
 * watcher stays ignorant of the contracts, so one watcher serves the factory and its releases.
 */
public record ChainLog(String address, List<String> topics, String data, long blockNumber, String blockHash, String txHash, int logIndex) {
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
    private static final Pattern WORD = Pattern.compile("0x[0-9a-f]{64}");
    private static final Pattern DATA = Pattern.compile("0x([0-9a-f]{2})*");

    public ChainLog {
        address = checked(ADDRESS, address, "log address");
        topics = topics.stream().map(t -> checked(WORD, t, "log topic")).toList();
        if (topics.size() > 4) throw new IllegalArgumentException("a log has at most 4 topics, got " + topics.size());
        data = checked(DATA, data, "log data");
        blockHash = checked(WORD, blockHash, "block hash");
        txHash = checked(WORD, txHash, "transaction hash");
        if (blockNumber < 0 || logIndex < 0) throw new IllegalArgumentException("block number and log index must be >= 0, got " + blockNumber + " and " + logIndex);
    }

    /** The event's signature hash, or empty for an anonymous event without topics. */
    public String topic0() {
        return topics.isEmpty() ? "" : topics.getFirst();
    }

    /** Its identity in the store's dedupe set: (block hash, transaction hash, log index). */
    public LogKey key() {
        return new LogKey(blockNumber, blockHash, txHash, logIndex);
    }

    static String checked(Pattern p, String hex, String what) {
        String lower = Objects.requireNonNull(hex, what + " missing").toLowerCase(Locale.ROOT);
        if (!p.matcher(lower).matches()) throw new IllegalArgumentException(what + " is not the hex it should be: " + hex);
        return lower;
    }
}
