package org.unveil.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unveil.archive.keys.FeldmanVss;
import org.unveil.archive.keys.GroupSpec;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseSecret;
import org.unveil.archive.keys.SecretShare;
import org.unveil.archive.keys.ShareEnvelope;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Whole releases against a real Hardhat node: funded and settled, expired and refunded, and a
 * proven leak. Accounts: 0 anyone, 1 artist, 2..6 keyholders, 7..11 their payout addresses,
 * 12..14 fans, 15 leak beneficiary, 16 front-runner.
 */
class ReleaseLifecycleTest {
    private static DevChain chain;
    private static List<Credentials> keyholders;
    private static List<Credentials> payouts;
    private static int saltCounter;

    @BeforeAll
    static void startChain() throws Exception {
        chain = DevChain.start();
        keyholders = chain.accounts().subList(2, 7);
        payouts = chain.accounts().subList(7, 12);
        ReleaseFixture.registerKeyholders(chain, keyholders, payouts);
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) chain.close();
    }

    private static ReleaseFixture newRelease() throws Exception {
        byte[] salt = new byte[32];
        salt[31] = (byte) ++saltCounter;
        // group 0: 2-of-3 (slots 0..2), group 1: 1-of-2 backup (slots 3..4)
        return new ReleaseFixture(chain, chain.account(1), keyholders, List.of(new GroupSpec(2, 3), new GroupSpec(1, 2))).create(salt);
    }

    private Credentials fan(int i) {
        return chain.account(12 + i);
    }

    @Test
    void fundedReleaseIsDecryptableFromChainEventsAndSettlesEveryBalance() throws Exception {
        ReleaseFixture f = newRelease().enrolAll();
        ReleaseClient release = f.release;
        Chain c = chain.chain();
        assertEquals(ReleaseState.OPEN, release.state());

        BigInteger[] pledges = {Wei.parse("5eth"), Wei.parse("3eth"), Wei.parse("2eth")};
        release.pledge(c.sender(fan(0)), pledges[0]);
        release.pledge(c.sender(fan(1)), pledges[1]);
        // Up to: fan 2 offers 3 ETH, the contract takes the 2 ETH still needed and sends 1 back.
        String held = release.address();
        BigInteger heldBefore = c.balance(held);
        release.pledge(c.sender(fan(2)), Wei.parse("3eth"));
        assertEquals(pledges[2], release.pledgeOf(fan(2).getAddress()), "took what the goal still needed");
        assertEquals(heldBefore.add(pledges[2]), c.balance(held), "the excess went back to the fan");
        assertEquals(ReleaseState.FUNDED, release.state());

        // keyholders of slots 0 and 1 (group 0, threshold 2) publish; slots 2..4 stay silent
        release.publishShare(c.sender(keyholders.get(0)), 0, f.shares.get(0));
        assertEquals(ReleaseState.FUNDED, release.state(), "one share of a 2-of-3 group is not enough");
        release.publishShare(c.sender(keyholders.get(1)), 1, f.shares.get(1));
        assertEquals(ReleaseState.RELEASED, release.state());
        assertTrue(release.isDecryptable());

        // the contract recombined s: one event holds it, nothing else is needed to decrypt
        ReleaseStatus status = release.status();
        assertEquals(Map.of(0, share(f, 0), 1, share(f, 1)), status.publishedShares());
        assertEquals(Optional.of(new BigInteger(1, f.secret.bytes())), status.secret());
        assertTrue(status.secretRecovered());
        assertEquals(List.of(), status.invalidGroups());
        assertEquals(Optional.of(share(f, 1)), release.shareOf(1));
        assertEquals(f.params, status.params());

        ContractRevertException early = assertThrows(ContractRevertException.class, () -> release.settle(c.sender(chain.account(0))));
        assertTrue(early.getMessage().startsWith("settle on " + release.address() + ": too early: allowed from "), early.getMessage());
        chain.increaseTime(ReleaseFixture.REVEAL_WINDOW.plusSeconds(1));
        release.settle(c.sender(chain.account(0)));
        assertEquals(ReleaseState.SETTLED, release.state());

        // spec section 8: P=5 slots, p=2 published, e=5 enrolled, R = 1% of G
        BigInteger g = ReleaseFixture.GOAL, d = ReleaseFixture.DEPOSIT, fee = ReleaseFixture.FEE;
        BigInteger r = g.divide(BigInteger.valueOf(100));
        BigInteger pool = d.multiply(BigInteger.valueOf(3)).add(fee.multiply(BigInteger.valueOf(3))).add(r.mod(BigInteger.TWO));
        assertEquals(pool, release.summary().fanPool());
        BigInteger artistFee = g.subtract(fee.multiply(BigInteger.valueOf(5))).subtract(r);
        assertEquals(artistFee, release.artistFee());

        Credentials anyone = chain.account(0);
        for (int slot = 0; slot < 5; slot++) {
            String payout = payouts.get(slot).getAddress();
            BigInteger before = c.balance(payout);
            if (slot == 0) chain.increaseTime(java.time.Duration.ofSeconds(ReleaseClient.ACCUSATION_WINDOW_SECONDS));
            release.claimDeposit(c.sender(anyone), slot);
            BigInteger expected = slot < 2 ? d.add(fee) : BigInteger.ZERO;
            assertEquals(expected, c.balance(payout).subtract(before), "payout of slot " + slot);
        }
        String artist = chain.account(1).getAddress();
        BigInteger artistBefore = c.balance(artist);
        release.claimArtistFee(c.sender(anyone));
        assertEquals(artistFee, c.balance(artist).subtract(artistBefore));
        for (int i = 0; i < 3; i++) {
            String fan = fan(i).getAddress();
            BigInteger before = c.balance(fan);
            TransactionReceipt rc = release.claimRefund(c.sender(fan(i)));
            BigInteger share = pledges[i].multiply(pool).divide(g);
            assertEquals(share, c.balance(fan).subtract(before).add(Balances.gasCost(rc)), "fan " + i + " share of the pool");
        }
        KeyholderRegistryClient registry = KeyholderRegistryClient.at(c, chain.deployment().registry());
        BigInteger repEach = r.divide(BigInteger.TWO);
        assertEquals(Wei.parse("1eth").add(repEach), registry.balanceOf(keyholders.get(0).getAddress(), ReleaseParams.ETH));
        assertEquals(Wei.parse("1eth"), registry.balanceOf(keyholders.get(2).getAddress(), ReleaseParams.ETH));
        ContractRevertException twice = assertThrows(ContractRevertException.class, () -> release.claimArtistFee(c.sender(anyone)));
        assertEquals("ReleaseNothingToClaim", twice.errorName());
    }

    @Test
    void expiredReleaseRefundsEveryFanAndReturnsDeposits() throws Exception {
        ReleaseFixture f = newRelease().enrolAll();
        ReleaseClient release = f.release;
        Chain c = chain.chain();
        BigInteger[] pledges = {Wei.parse("1eth"), Wei.parse("2.5eth"), Wei.parse("0.000000000000000001eth")};
        for (int i = 0; i < 3; i++) release.pledge(c.sender(fan(i)), pledges[i]);
        assertEquals(ReleaseState.OPEN, release.state());

        ContractRevertException early = assertThrows(ContractRevertException.class, () -> release.expire(c.sender(chain.account(0))));
        assertEquals("ReleaseDeadlineNotReached", early.errorName());
        chain.increaseTime(Duration.ofDays(8));
        ContractRevertException late = assertThrows(ContractRevertException.class, () -> release.pledge(c.sender(fan(0)), Wei.parse("1eth")));
        assertEquals("ReleaseDeadlinePassed", late.errorName());
        assertTrue(late.getMessage().contains("deadline passed at " + f.params.pledgeDeadline()), late.getMessage());
        release.expire(c.sender(chain.account(0)));
        assertEquals(ReleaseState.FAILED, release.state());

        ContractRevertException wrongState = assertThrows(ContractRevertException.class, () -> release.pledge(c.sender(fan(0)), BigInteger.ONE));
        assertTrue(wrongState.getMessage().contains("release is in state Failed, expected Open"), wrongState.getMessage());

        // fans claim in reverse order: each gets exactly its pledge back, whatever the others did
        for (int i = 2; i >= 0; i--) {
            String fan = fan(i).getAddress();
            BigInteger before = c.balance(fan);
            TransactionReceipt rc = release.claimRefund(c.sender(fan(i)));
            assertEquals(pledges[i], c.balance(fan).subtract(before).add(Balances.gasCost(rc)), "refund of fan " + i);
            assertEquals(BigInteger.ZERO, release.pledgeOf(fan));
        }
        for (int slot = 0; slot < 5; slot++) {
            String payout = payouts.get(slot).getAddress();
            BigInteger before = c.balance(payout);
            if (slot == 0) chain.increaseTime(java.time.Duration.ofSeconds(ReleaseClient.ACCUSATION_WINDOW_SECONDS));
            release.claimDeposit(c.sender(chain.account(0)), slot);
            assertEquals(ReleaseFixture.DEPOSIT, c.balance(payout).subtract(before), "deposit of slot " + slot);
        }
        assertEquals(BigInteger.ZERO, c.balance(release.address()), "every wei owed was paid out");
        List<ReleaseEvent> refunds = release.events().stream().filter(e -> e instanceof ReleaseEvent.RefundClaimed).toList();
        assertEquals(3, refunds.size());
    }

    @Test
    void leakedKeyIsSlashedForTheBoundBeneficiaryAndAFrontRunnerGainsNothing() throws Exception {
        ReleaseFixture f = newRelease().enrolAll();
        ReleaseClient release = f.release;
        Chain c = chain.chain();
        release.pledge(c.sender(fan(0)), Wei.parse("4eth"));

        // the keyholder of slot 3 leaked k; the reporter signs a proof bound to its beneficiary
        int slot = 3;
        String keyholder = keyholders.get(slot).getAddress();
        Credentials beneficiary = chain.account(15);
        Credentials frontRunner = chain.account(16);
        byte[] digest = ReleaseSignatures.leakProofDigest(c.chainId(), release.address(), keyholder, beneficiary.getAddress());
        org.junit.jupiter.api.Assertions.assertArrayEquals(release.leakProofDigest(keyholder, beneficiary.getAddress()), digest);
        byte[] proof = ReleaseSignatures.sign(digest, f.releaseKeys.get(slot));

        // a front-runner committing the copied proof for itself is refused at the reveal
        byte[] salt = new byte[32];
        salt[0] = 7;
        ContractRevertException stolen = assertThrows(ContractRevertException.class,
                () -> release.commitAndAccuse(c.sender(frontRunner), slot, frontRunner.getAddress(), proof, salt));
        assertEquals("ReleaseInvalidSignature", stolen.errorName());
        // a reveal nobody committed is refused, worded
        ContractRevertException uncommitted = assertThrows(ContractRevertException.class,
                () -> release.accuse(c.sender(beneficiary), slot, beneficiary.getAddress(), proof, new byte[32]));
        assertEquals("ReleaseUnknownCommitment", uncommitted.errorName());
        assertTrue(uncommitted.getMessage().contains("commit first"), uncommitted.getMessage());

        BigInteger beneficiaryBefore = c.balance(beneficiary.getAddress());
        BigInteger frontRunnerBefore = c.balance(frontRunner.getAddress());
        BigInteger poolBefore = release.summary().fanPool();
        // ...and committing it unchanged only pays the bound beneficiary, once the window for earlier commitments passed
        byte[] salt2 = new byte[32];
        salt2[0] = 8;
        KeyholderRegistryClient reg = KeyholderRegistryClient.at(c, release.registry());
        TransactionReceipt commit = reg.commitAccusation(c.sender(frontRunner),
                ReleaseSignatures.accusationCommitment(release.address(), slot, beneficiary.getAddress(), proof, salt2, frontRunner.getAddress()));
        TransactionReceipt rc = release.accuse(c.sender(frontRunner), slot, beneficiary.getAddress(), proof, salt2);
        BigInteger d = ReleaseFixture.DEPOSIT;
        assertEquals(BigInteger.ZERO, c.balance(beneficiary.getAddress()).subtract(beneficiaryBefore), "the bounty waits for the window");
        chain.increaseTime(java.time.Duration.ofSeconds(ReleaseClient.ACCUSATION_WINDOW_SECONDS));
        release.claimBounty(c.sender(chain.account(0)), slot); // anyone may pay it out
        assertEquals(d.divide(BigInteger.TWO), c.balance(beneficiary.getAddress()).subtract(beneficiaryBefore));
        assertEquals(frontRunnerBefore.subtract(Balances.gasCost(commit)).subtract(Balances.gasCost(rc)), c.balance(frontRunner.getAddress()));
        assertEquals(poolBefore.add(d.divide(BigInteger.valueOf(4))), release.summary().fanPool());
        assertEquals(Slot.Status.SLASHED, release.slot(slot).status());
        KeyholderRegistryClient registry = KeyholderRegistryClient.at(c, chain.deployment().registry());
        assertTrue(registry.profile(keyholder).slashed());
        assertFalse(registry.isActive(keyholder));
        ReleaseEvent.LeakProven ev = release.events().stream().filter(e -> e instanceof ReleaseEvent.LeakProven)
                .map(e -> (ReleaseEvent.LeakProven) e).findFirst().orElseThrow();
        assertEquals(beneficiary.getAddress(), ev.beneficiary());
        assertEquals(d.divide(BigInteger.TWO), ev.bounty());

        // a second, later accusation of the same slot is refused: only an earlier commitment takes it over
        ContractRevertException again = assertThrows(ContractRevertException.class,
                () -> release.commitAndAccuse(c.sender(beneficiary), slot, beneficiary.getAddress(), proof, salt2));
        assertEquals("ReleaseCommitmentNotEarlier", again.errorName());
        assertTrue(again.getMessage().contains("only an earlier commitment"), again.getMessage());
    }

    @Test
    void vanishingFirstGroupIsReplacedByTheBackupGroup() throws Exception {
        ReleaseFixture f = newRelease().enrolAll();
        ReleaseClient release = f.release;
        Chain c = chain.chain();
        release.pledge(c.sender(fan(0)), ReleaseFixture.GOAL);
        // group 0 (slots 0..2) never shows up; one key of the 1-of-2 backup group is enough
        release.publishShare(c.sender(chain.account(0)), 4, f.shares.get(4));
        assertEquals(ReleaseState.RELEASED, release.state());
        ReleaseStatus status = release.status();
        assertEquals(Optional.of(new BigInteger(1, f.secret.bytes())), status.secret());
        assertEquals(share(f, 4), status.publishedShares().get(4));

        ContractRevertException wrongShare = assertThrows(ContractRevertException.class,
                () -> release.publishShare(c.sender(chain.account(0)), 3, f.shares.get(2)));
        assertEquals("ReleaseInvalidShare", wrongShare.errorName());
        chain.increaseTime(ReleaseFixture.REVEAL_WINDOW);
        ContractRevertException closed = assertThrows(ContractRevertException.class,
                () -> release.publishShare(c.sender(chain.account(0)), 0, f.shares.get(0)));
        assertEquals("ReleaseDeadlinePassed", closed.errorName());
        release.settle(c.sender(chain.account(0)));
        // four silent keyholders forfeit their deposits and fees to the fans
        BigInteger d = ReleaseFixture.DEPOSIT, fee = ReleaseFixture.FEE;
        assertEquals(d.multiply(BigInteger.valueOf(4)).add(fee.multiply(BigInteger.valueOf(4))), release.summary().fanPool());
    }

    private static BigInteger share(ReleaseFixture f, int slot) {
        return new BigInteger(1, f.shares.get(slot).value());
    }
}
