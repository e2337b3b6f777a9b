package org.unveil.keyholder.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;

/** The contracts and events one poll reads: eth_getLogs' {@code address} array and topic0 alternatives, sorted and lowercase. */
record LogFilter(List<String> addresses, List<String> topic0s) {
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
    private static final Pattern WORD = Pattern.compile("0x[0-9a-f]{64}");

    static LogFilter of(Set<String> addresses, Set<String> topic0s) {
        Objects.requireNonNull(addresses, "addresses required");
        Objects.requireNonNull(topic0s, "topic0s required (empty: every event of the addresses)");
        if (addresses.isEmpty()) throw new IllegalArgumentException("watch at least one address: a filter without one would read every log of the chain");
        return new LogFilter(addresses.stream().map(a -> ChainLog.checked(ADDRESS, a, "watched address")).sorted().distinct().toList(),
                topic0s.stream().map(t -> ChainLog.checked(WORD, t, "watched topic0")).sorted().distinct().toList());
    }

    EthFilter between(long from, long to) {
        EthFilter f = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)), DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), addresses);
        if (!topic0s.isEmpty()) f.addOptionalTopics(topic0s.toArray(String[]::new));
        return f;
    }

    boolean matches(ChainLog log) {
        return addresses.contains(log.address()) && (topic0s.isEmpty() || topic0s.contains(log.topic0()));
    }
}
