package org.unveil.eth;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * Decodes one contract's logs by topic0. Indexed parameters come from the topics, the rest from the
 * data words; a log whose topic0 is not one of the given events (another contract's, or an event
 * newer than this client) is skipped rather than failing the whole back-fill.
 */
final class EventDecoder<E> {
    /** One event: its canonical signature and how to build it from a log. */
    record Event<E>(String signature, BiFunction<Fields, ReleaseEvent.LogPosition, E> decode) {}

    private final Map<String, Event<E>> byTopic;
    private final Function<E, ReleaseEvent.LogPosition> position;

    EventDecoder(List<Event<E>> events, Function<E, ReleaseEvent.LogPosition> position) {
        Map<String, Event<E>> m = new HashMap<>();
        for (Event<E> e : events) {
            if (m.put(topic(e.signature()), e) != null) throw new IllegalArgumentException("event listed twice: " + e.signature());
        }
        this.byTopic = Map.copyOf(m);
        this.position = position;
    }

    static String topic(String signature) {
        return Numeric.toHexString(Hash.sha3(signature.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The topic0 of every event this decoder knows. */
    List<String> topics() {
        return List.copyOf(byTopic.keySet());
    }

    /** The canonical signature of every event this decoder knows. */
    List<String> signatures() {
        return byTopic.values().stream().map(Event::signature).toList();
    }

    Optional<E> decode(Log log) {
        if (log.getTopics() == null || log.getTopics().isEmpty()) return Optional.empty();
        Event<E> d = byTopic.get(log.getTopics().get(0).toLowerCase(Locale.ROOT));
        if (d == null) return Optional.empty();
        ReleaseEvent.LogPosition pos = new ReleaseEvent.LogPosition(log.getBlockNumber(), log.getTransactionHash(), log.getLogIndex());
        try {
            return Optional.of(d.decode().apply(new Fields(log.getTopics(), AbiWords.of(log.getData())), pos));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalStateException("malformed " + d.signature() + " log in tx " + log.getTransactionHash() + ": " + e.getMessage(), e);
        }
    }

    /** Every event of {@code address} from {@code from} to the head, in chain order. */
    List<E> events(EventLogReader reader, Chain chain, String address, BigInteger from) throws ChainException {
        List<E> out = new ArrayList<>();
        for (Log log : reader.logs(address, from, chain.blockNumber())) decode(log).ifPresent(out::add);
        out.sort(Comparator.comparing(position));
        return out;
    }

    /** A log's indexed topics and data words. */
    record Fields(List<String> topics, AbiWords data) {
        String topicAddress(int i) {
            return AbiWords.of(topic(i)).address(0);
        }

        int topicInt(int i) {
            return AbiWords.of(topic(i)).smallInt(0, Integer.MAX_VALUE);
        }

        /** An indexed {@code bytes32}, as 0x-prefixed lowercase hex (records holding it then compare by value). */
        String topicHex(int i) {
            return topic(i).toLowerCase(Locale.ROOT);
        }

        Instant instant(int word) {
            return Instant.ofEpochSecond(data.uint(word).longValueExact());
        }

        private String topic(int i) {
            if (i >= topics.size()) throw new IllegalArgumentException("missing topic " + i);
            return topics.get(i);
        }
    }
}
