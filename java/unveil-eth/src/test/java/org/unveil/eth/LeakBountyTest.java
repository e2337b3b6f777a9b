package org.unveil.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unveil.archive.keys.GroupSpec;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * A leak reported for a beneficiary account that does not exist yet: the contract credits the
 * bounty instead of paying it inside {@code accuse} (creating the account would cost the accuser
 * 25,000 gas), and anyone can then pay it, only to that beneficiary, once. Its own chain, so the
 * keyholders it slashes cannot disturb other tests.
 */
class LeakBountyTest {
    private static DevChain chain;
    private static List<Credentials> keyholders;

    @BeforeAll
    static void startChain() throws Exception {
        chain = DevChain.start();
        keyholders = chain.accounts().subList(2, 5);
        ReleaseFixture.registerKeyholders(chain, keyholders, chain.accounts().subList(7, 10));
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) chain.close();
    }

    @Test
    void bountyForABrandNewBeneficiaryIsCreditedThenPaidOnlyToItOnce() throws Exception {
        byte[] salt = new byte[32];
        salt[31] = 42;
        ReleaseFixture f = new ReleaseFixture(chain, chain.account(1), keyholders, List.of(new GroupSpec(2, 3))).create(salt).enrolAll();
        ReleaseClient release = f.release;
        Chain c = chain.chain();
        release.pledge(c.sender(chain.account(12)), Wei.parse("1eth"));

        int slot = 1;
        String keyholder = keyholders.get(slot).getAddress();
        String fresh = Credentials.create(Keys.createEcKeyPair()).getAddress();
        byte[] proof = ReleaseSignatures.sign(ReleaseSignatures.leakProofDigest(c.chainId(), release.address(), keyholder, fresh),
                f.releaseKeys.get(slot));
        Credentials reporter = chain.account(15);
        byte[] accusationSalt = new byte[32];
        accusationSalt[5] = 1;
        release.commitAndAccuse(c.sender(reporter), slot, fresh, proof, accusationSalt);

        BigInteger half = ReleaseFixture.DEPOSIT.divide(BigInteger.TWO);
        assertEquals(BigInteger.ZERO, c.balance(fresh), "credited, not sent");
        assertEquals(half, release.bountyOwed(slot));
        ContractRevertException early = assertThrows(ContractRevertException.class, () -> release.claimBounty(c.sender(reporter), slot));
        assertEquals("ReleaseDeadlineNotReached", early.errorName(), "an earlier commitment may still take it over");
        chain.increaseTime(java.time.Duration.ofSeconds(ReleaseClient.ACCUSATION_WINDOW_SECONDS));

        release.claimBounty(c.sender(chain.account(16)), slot); // anyone may trigger the payment
        assertEquals(half, c.balance(fresh), "paid to the bound beneficiary");
        assertEquals(BigInteger.ZERO, release.bountyOwed(slot));
        assertThrows(ContractRevertException.class, () -> release.claimBounty(c.sender(reporter), slot));
        assertEquals(half, c.balance(fresh), "paid once");
    }
}
