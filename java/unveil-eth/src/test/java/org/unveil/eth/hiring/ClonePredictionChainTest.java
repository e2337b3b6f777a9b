package org.unveil.eth.hiring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.unveil.eth.DevChain;
import org.unveil.eth.ReleaseFactoryClient;
import org.web3j.utils.Numeric;

/** The off-chain prediction a bot checks a solicitation with is the deployed factory's own answer. */
class ClonePredictionChainTest {
    @Test
    void predictionMatchesTheFactoryOnARealChain() throws Exception {
        try (DevChain chain = DevChain.start()) {
            ReleaseFactoryClient factory = ReleaseFactoryClient.at(chain.chain(), chain.deployment().factory());
            String implementation = factory.implementation().toLowerCase(java.util.Locale.ROOT);
            for (String label : new String[] {"salt a", "salt b"}) {
                String artist = chain.account(1 + label.length() % 3).getAddress();
                byte[] salt = HiringVectorGenerator.label(label);
                assertEquals(factory.predictAddress(artist, salt).toLowerCase(java.util.Locale.ROOT),
                        ClonePrediction.predict(factory.address().toLowerCase(java.util.Locale.ROOT), implementation, artist, Numeric.toHexString(salt)));
            }
        }
    }
}
