package org.unveil.eth;

import java.util.List;
import java.util.Optional;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The release's events (spec/abi/Release.json) as {@link ReleaseEvent}s; all data is static except
 * {@code ReleaseInitialized}'s tuple. EventDecodingTest fails when the ABI has an event missing here.
 */
final class ReleaseEventDecoder {
    private static final String PARAMS_TUPLE = "(address,uint96,uint96,uint96,uint40,uint40,uint32,address,bytes32,bytes32,bytes,uint8[],uint8[],address[],address[],bytes32,uint32,uint8)";

    private static final EventDecoder<ReleaseEvent> DECODER = new EventDecoder<>(List.of(
            new EventDecoder.Event<>("ReleaseInitialized(address," + PARAMS_TUPLE + ")",
                    (c, p) -> new ReleaseEvent.Initialized(p, c.topicAddress(1), ReleaseParams.fromAbi(c.data().tupleAt(0)))),
            new EventDecoder.Event<>("StateChanged(uint8,uint8)",
                    (c, p) -> new ReleaseEvent.StateChanged(p, ReleaseState.ofAbi(c.data().smallInt(0, 255)), ReleaseState.ofAbi(c.data().smallInt(1, 255)))),
            new EventDecoder.Event<>("KeyholderEnrolled(uint256,address,address,uint256)",
                    (c, p) -> new ReleaseEvent.KeyholderEnrolled(p, c.topicInt(1), c.topicAddress(2), c.data().address(0), c.data().uint(1))),
            new EventDecoder.Event<>("Pledged(address,uint256,uint256)",
                    (c, p) -> new ReleaseEvent.Pledged(p, c.topicAddress(1), c.data().uint(0), c.data().uint(1))),
            new EventDecoder.Event<>("Funded(uint256,uint256)",
                    (c, p) -> new ReleaseEvent.Funded(p, c.instant(0), c.instant(1))),
            new EventDecoder.Event<>("SharePublished(uint256,uint256,uint256,uint256)",
                    (c, p) -> new ReleaseEvent.SharePublished(p, c.topicInt(1), c.topicInt(2), c.data().uint(0), c.data().smallInt(1, 255))),
            new EventDecoder.Event<>("SecretRecovered(uint256,uint256)", (c, p) -> new ReleaseEvent.SecretRecovered(p, c.topicInt(1), c.data().uint(0))),
            new EventDecoder.Event<>("GroupInvalid(uint256)", (c, p) -> new ReleaseEvent.GroupInvalid(p, c.topicInt(1))),
            new EventDecoder.Event<>("SecretPublished(uint256)", (c, p) -> new ReleaseEvent.SecretPublished(p, c.data().uint(0))),
            new EventDecoder.Event<>("LeakProven(uint256,address,address,uint256,uint256,uint256)",
                    (c, p) -> new ReleaseEvent.LeakProven(p, c.topicInt(1), c.topicAddress(2), c.topicAddress(3), c.data().uint(0), c.data().uint(1), c.data().uint(2))),
            new EventDecoder.Event<>("AccusationSuperseded(uint256,address,uint256)",
                    (c, p) -> new ReleaseEvent.AccusationSuperseded(p, c.topicInt(1), c.topicAddress(2), c.data().uint(0))),
            new EventDecoder.Event<>("PaymentCredited(address,uint256)",
                    (c, p) -> new ReleaseEvent.PaymentCredited(p, c.topicAddress(1), c.data().uint(0))),
            new EventDecoder.Event<>("CreditWithdrawn(address,uint256)",
                    (c, p) -> new ReleaseEvent.CreditWithdrawn(p, c.topicAddress(1), c.data().uint(0))),
            new EventDecoder.Event<>("FanPoolIncreased(uint256,uint256)",
                    (c, p) -> new ReleaseEvent.FanPoolIncreased(p, c.data().uint(0), c.data().uint(1))),
            new EventDecoder.Event<>("RefundClaimed(address,uint256)",
                    (c, p) -> new ReleaseEvent.RefundClaimed(p, c.topicAddress(1), c.data().uint(0))),
            new EventDecoder.Event<>("DepositClaimed(uint256,address,address,uint256,uint256)",
                    (c, p) -> new ReleaseEvent.DepositClaimed(p, c.topicInt(1), c.topicAddress(2), c.data().address(0), c.data().uint(1), c.data().uint(2))),
            new EventDecoder.Event<>("ArtistFeeClaimed(address,uint256)",
                    (c, p) -> new ReleaseEvent.ArtistFeeClaimed(p, c.topicAddress(1), c.data().uint(0))),
            new EventDecoder.Event<>("BountyClaimed(uint256,address,uint256)",
                    (c, p) -> new ReleaseEvent.BountyClaimed(p, c.topicInt(1), c.topicAddress(2), c.data().uint(0))),
            new EventDecoder.Event<>("SamplesDrawn(bytes32,uint256[],uint256)",
                    (c, p) -> new ReleaseEvent.SamplesDrawn(p, "0x" + java.util.HexFormat.of().formatHex(c.data().bytes32(0)), ints(c.data().uintArray(1)), c.instant(2))),
            new EventDecoder.Event<>("SamplesRevealed(uint256[],uint256[])",
                    (c, p) -> new ReleaseEvent.SamplesRevealed(p, ints(c.data().uintArray(0)), c.data().uintArray(1))),
            new EventDecoder.Event<>("SampleKeysNotDerived()", (c, p) -> new ReleaseEvent.SampleKeysNotDerived(p)),
            new EventDecoder.Event<>("EIP712DomainChanged()", (c, p) -> new ReleaseEvent.Eip712DomainChanged(p))),
            ReleaseEvent::position);

    private ReleaseEventDecoder() {}

    private static List<Integer> ints(List<java.math.BigInteger> xs) {
        return xs.stream().map(java.math.BigInteger::intValueExact).toList();
    }

    static EventDecoder<ReleaseEvent> decoder() {
        return DECODER;
    }

    /** The event, or empty for logs that are not release events (another contract's, or a newer event). */
    static Optional<ReleaseEvent> decode(Log log) {
        return DECODER.decode(log);
    }

    static String topic(String signature) {
        return EventDecoder.topic(signature);
    }
}
