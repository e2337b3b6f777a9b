package org.unveil.eth;

import java.util.List;

/** The registry's events (spec/abi/KeyholderRegistry.json) as {@link RegistryEvent}s; EventDecodingTest keeps the list complete. */
final class RegistryEventDecoder {
    private static final EventDecoder<RegistryEvent> DECODER = new EventDecoder<>(List.of(
            new EventDecoder.Event<>("KeyholderRegistered(address,address,address,string,string)",
                    (c, p) -> new RegistryEvent.KeyholderRegistered(p, c.topicAddress(1), c.data().address(0), c.data().address(1),
                            c.data().string(2), c.data().string(3))),
            new EventDecoder.Event<>("ProfileUpdated(address,address,address,string,string)",
                    (c, p) -> new RegistryEvent.ProfileUpdated(p, c.topicAddress(1), c.data().address(0), c.data().address(1),
                            c.data().string(2), c.data().string(3))),
            new EventDecoder.Event<>("Staked(address,uint256,uint256)",
                    (c, p) -> new RegistryEvent.Staked(p, c.topicAddress(1), c.data().uint(0), c.data().uint(1))),
            new EventDecoder.Event<>("Withdrawn(address,address,address,uint256)",
                    (c, p) -> new RegistryEvent.Withdrawn(p, c.topicAddress(1), c.topicAddress(2), c.data().address(0), c.data().uint(1))),
            new EventDecoder.Event<>("ReleaseJoined(address,address,uint256)",
                    (c, p) -> new RegistryEvent.ReleaseJoined(p, c.topicAddress(1), c.topicAddress(2), c.data().smallInt(0, Integer.MAX_VALUE))),
            new EventDecoder.Event<>("ReleaseLeft(address,address,uint256,uint256)",
                    (c, p) -> new RegistryEvent.ReleaseLeft(p, c.topicAddress(1), c.topicAddress(2), c.data().smallInt(0, Integer.MAX_VALUE), c.instant(1))),
            new EventDecoder.Event<>("ReputationEarned(address,address,address,uint256)",
                    (c, p) -> new RegistryEvent.ReputationEarned(p, c.topicAddress(1), c.topicAddress(2), c.data().address(0), c.data().uint(1))),
            new EventDecoder.Event<>("KeyholderSlashed(address,address,address)",
                    (c, p) -> new RegistryEvent.KeyholderSlashed(p, c.topicAddress(1), c.topicAddress(2), c.topicAddress(3))),
            new EventDecoder.Event<>("SnitchRewardPaid(address,address,address,uint256,uint256)",
                    (c, p) -> new RegistryEvent.SnitchRewardPaid(p, c.topicAddress(1), c.topicAddress(2), c.data().address(0), c.data().uint(1), c.data().uint(2))),
            new EventDecoder.Event<>("AccusationCommitted(address,bytes32,uint256)",
                    (c, p) -> new RegistryEvent.AccusationCommitted(p, c.topicAddress(1), c.topicHex(2), c.data().uint(0))),
            new EventDecoder.Event<>("SnitchSuperseded(address,address,uint256)",
                    (c, p) -> new RegistryEvent.SnitchSuperseded(p, c.topicAddress(1), c.topicAddress(2), c.data().uint(0))),
            new EventDecoder.Event<>("PaymentCredited(address,address,uint256)",
                    (c, p) -> new RegistryEvent.PaymentCredited(p, c.topicAddress(1), c.data().address(0), c.data().uint(1))),
            new EventDecoder.Event<>("CreditWithdrawn(address,address,uint256)",
                    (c, p) -> new RegistryEvent.CreditWithdrawn(p, c.topicAddress(1), c.data().address(0), c.data().uint(1)))),
            RegistryEvent::position);

    private RegistryEventDecoder() {}

    static EventDecoder<RegistryEvent> decoder() {
        return DECODER;
    }
}
