package org.unveil.eth;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * Decodes release logs by topic0 into {@link ReleaseEvent}s. Indexed parameters come from the
 * topics, the rest from the data words (all static except {@code ReleaseInitialized}'s tuple).
 */
final class ReleaseEventDecoder {
    private static final String PARAMS_TUPLE = "(address,uint96,uint96,uint96,uint40,uint40,uint32,address,bytes32,bytes32,bytes,uint8[],uint8[],address[],address[])";

    private record Decoder(String signature, BiFunction<Ctx, ReleaseEvent.LogPosition, ReleaseEvent> fn) {}

    private static final Map<String, Decoder> BY_TOPIC = index(List.of(
            new Decoder("ReleaseInitialized(address," + PARAMS_TUPLE + ")",
                    (c, p) -> new ReleaseEvent.Initialized(p, c.topicAddress(1), ReleaseParams.fromAbi(c.data.tupleAt(0)))),
            new Decoder("StateChanged(uint8,uint8)",
                    (c, p) -> new ReleaseEvent.StateChanged(p, ReleaseState.ofAbi(c.data.smallInt(0, 255)), ReleaseState.ofAbi(c.data.smallInt(1, 255)))),
            new Decoder("KeyholderEnrolled(uint256,address,address,uint256)",
                    (c, p) -> new ReleaseEvent.KeyholderEnrolled(p, c.topicInt(1), c.topicAddress(2), c.data.address(0), c.data.uint(1))),
            new Decoder("Pledged(address,uint256,uint256)",
                    (c, p) -> new ReleaseEvent.Pledged(p, c.topicAddress(1), c.data.uint(0), c.data.uint(1))),
            new Decoder("Funded(uint256,uint256)",
                    (c, p) -> new ReleaseEvent.Funded(p, instant(c.data.uint(0)), instant(c.data.uint(1)))),
            new Decoder("SharePublished(uint256,uint256,uint256,uint256)",
                    (c, p) -> new ReleaseEvent.SharePublished(p, c.topicInt(1), c.topicInt(2), c.data.uint(0), c.data.smallInt(1, 255))),
            new Decoder("SecretRecovered(uint256,uint256)", (c, p) -> new ReleaseEvent.SecretRecovered(p, c.topicInt(1), c.data.uint(0))),
            new Decoder("GroupInvalid(uint256)", (c, p) -> new ReleaseEvent.GroupInvalid(p, c.topicInt(1))),
            new Decoder("SecretPublished(uint256)", (c, p) -> new ReleaseEvent.SecretPublished(p, c.data.uint(0))),
            new Decoder("LeakProven(uint256,address,address,uint256,uint256,uint256)",
                    (c, p) -> new ReleaseEvent.LeakProven(p, c.topicInt(1), c.topicAddress(2), c.topicAddress(3), c.data.uint(0), c.data.uint(1), c.data.uint(2))),
            new Decoder("FanPoolIncreased(uint256,uint256)",
                    (c, p) -> new ReleaseEvent.FanPoolIncreased(p, c.data.uint(0), c.data.uint(1))),
            new Decoder("RefundClaimed(address,uint256)",
                    (c, p) -> new ReleaseEvent.RefundClaimed(p, c.topicAddress(1), c.data.uint(0))),
            new Decoder("DepositClaimed(uint256,address,address,uint256,uint256)",
                    (c, p) -> new ReleaseEvent.DepositClaimed(p, c.topicInt(1), c.topicAddress(2), c.data.address(0), c.data.uint(1), c.data.uint(2))),
            new Decoder("ArtistFeeClaimed(address,uint256)",
                    (c, p) -> new ReleaseEvent.ArtistFeeClaimed(p, c.topicAddress(1), c.data.uint(0)))));

    private ReleaseEventDecoder() {}

    /** The topic0 of every release event, for log filters. */
    static List<String> topics() {
        return List.copyOf(BY_TOPIC.keySet());
    }

    /** The event, or empty for logs that are not release events (another contract's, or a newer event). */
    static Optional<ReleaseEvent> decode(Log log) {
        if (log.getTopics() == null || log.getTopics().isEmpty()) return Optional.empty();
        Decoder d = BY_TOPIC.get(log.getTopics().get(0).toLowerCase(java.util.Locale.ROOT));
        if (d == null) return Optional.empty();
        ReleaseEvent.LogPosition pos = new ReleaseEvent.LogPosition(log.getBlockNumber(), log.getTransactionHash(), log.getLogIndex());
        try {
            return Optional.of(d.fn.apply(new Ctx(log.getTopics(), AbiWords.of(log.getData())), pos));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalStateException("malformed " + d.signature + " log in tx " + log.getTransactionHash() + ": " + e.getMessage(), e);
        }
    }

    static String topic(String signature) {
        return Numeric.toHexString(Hash.sha3(signature.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    private static Map<String, Decoder> index(List<Decoder> ds) {
        java.util.HashMap<String, Decoder> m = new java.util.HashMap<>();
        for (Decoder d : ds) m.put(topic(d.signature), d);
        return Map.copyOf(m);
    }

    private static Instant instant(BigInteger seconds) {
        return Instant.ofEpochSecond(seconds.longValueExact());
    }

    private record Ctx(List<String> topics, AbiWords data) {
        String topicAddress(int i) {
            return AbiWords.of(topic(i)).address(0);
        }

        int topicInt(int i) {
            return AbiWords.of(topic(i)).smallInt(0, Integer.MAX_VALUE);
        }

        private String topic(int i) {
            if (i >= topics.size()) throw new IllegalArgumentException("missing topic " + i);
            return topics.get(i);
        }
    }
}
