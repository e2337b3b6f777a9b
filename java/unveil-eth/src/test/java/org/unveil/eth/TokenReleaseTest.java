package org.unveil.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unveil.archive.keys.GroupSpec;
import org.web3j.crypto.Credentials;
import tools.jackson.databind.json.JsonMapper;

/**
 * A release paid in an ERC-20 token, driven by the Java client on a real chain: deposits and
 * pledges are approved then taken by the contract (no ETH moves), a short token balance is a
 * clear error before any transaction, and settlement pays keyholders and the artist in the token.
 * The token is the contracts' test fixture (contracts/test/mocks/Tokens.sol), allowed by the
 * factory's owner. Its own chain.
 */
class TokenReleaseTest {
    private static DevChain chain;
    private static List<Credentials> keyholders;
    private static String token;

    @BeforeAll
    static void startChain() throws Exception {
        chain = DevChain.start();
        keyholders = chain.accounts().subList(2, 4);
        ReleaseFixture.registerKeyholders(chain, keyholders, chain.accounts().subList(7, 9));
        Path artifact = RepositoryRoot.find().resolve("contracts/artifacts/test/mocks/Tokens.sol/TestToken.json");
        String bytecode = JsonMapper.shared().readTree(artifact.toFile()).get("bytecode").asString();
        Chain c = chain.chain();
        token = c.sender(chain.account(0)).deploy(bytecode, "TestToken");
        ReleaseFactoryClient factory = ReleaseFactoryClient.at(c, chain.deployment().factory());
        factory.setTokenAllowed(c.sender(chain.account(0)), token, true);
        assertTrue(factory.tokenAllowed(token));
        for (Credentials who : List.of(keyholders.get(0), keyholders.get(1), chain.account(12), chain.account(13))) {
            c.sender(chain.account(0)).send(token, Abi.fn("mint", Abi.address(who.getAddress()), Abi.uint(Wei.parse("100eth"))), BigInteger.ZERO);
        }
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) chain.close();
    }

    @Test
    void tokenReleaseTakesApprovedTokensAndPaysOutInTokens() throws Exception {
        byte[] salt = new byte[32];
        salt[31] = 7;
        ReleaseFixture f = new ReleaseFixture(chain, chain.account(1), keyholders, List.of(new GroupSpec(2, 2))).paidIn(token).create(salt);
        ReleaseClient release = f.release;
        Chain c = chain.chain();
        Erc20Client erc20 = Erc20Client.at(c, token);
        assertEquals("TT", erc20.symbol());
        assertEquals(18, erc20.decimals());
        assertEquals(token, release.token());

        BigInteger kh0Eth = c.balance(keyholders.get(0).getAddress());
        f.enrolAll();
        assertEquals(ReleaseState.OPEN, release.state());
        assertEquals(ReleaseFixture.DEPOSIT.multiply(BigInteger.TWO), erc20.balanceOf(release.address()), "both deposits taken in tokens");
        assertTrue(kh0Eth.subtract(c.balance(keyholders.get(0).getAddress())).compareTo(Wei.parse("0.01eth")) < 0, "only gas was paid in ETH");

        // without tokens enough, the payment fails before any transaction, naming the shortfall
        Credentials broke = chain.account(14);
        ContractRevertException poor = assertThrows(ContractRevertException.class,
                () -> release.approvePayment(c.sender(broke), Wei.parse("1eth")));
        assertTrue(poor.getMessage().contains("insufficient funds: token balance 0 < needed 1000000000000000000"), poor.getMessage());
        // pledging without an approval is refused by the token
        ContractRevertException unapproved = assertThrows(ContractRevertException.class,
                () -> release.pledge(c.sender(chain.account(12)), Wei.parse("1eth")));
        assertEquals("ERC20InsufficientAllowance", unapproved.errorName());
        assertTrue(unapproved.getMessage().contains("approve the release to take the payment first"), unapproved.getMessage());

        TransactionSender fan0 = c.sender(chain.account(12)), fan1 = c.sender(chain.account(13));
        assertTrue(release.approvePayment(fan0, Wei.parse("6eth")).isPresent());
        assertTrue(release.approvePayment(fan0, Wei.parse("6eth")).isEmpty(), "an allowance that covers it is not approved again");
        release.pledge(fan0, Wei.parse("6eth"));
        release.approvePayment(fan1, Wei.parse("4eth"));
        release.pledge(fan1, Wei.parse("4eth"));
        assertEquals(ReleaseState.FUNDED, release.state());
        assertEquals(Wei.parse("94eth"), erc20.balanceOf(chain.account(12).getAddress()));

        release.publishShare(c.sender(keyholders.get(0)), 0, f.shares.get(0));
        release.publishShare(c.sender(keyholders.get(1)), 1, f.shares.get(1));
        assertEquals(ReleaseState.RELEASED, release.state());
        chain.increaseTime(ReleaseFixture.REVEAL_WINDOW.plusSeconds(1));
        release.settle(c.sender(chain.account(0)));

        Credentials anyone = chain.account(0);
        for (int slot = 0; slot < 2; slot++) {
            String payout = chain.account(7 + slot).getAddress();
            BigInteger before = erc20.balanceOf(payout);
            if (slot == 0) chain.increaseTime(java.time.Duration.ofSeconds(ReleaseClient.ACCUSATION_WINDOW_SECONDS));
            release.claimDeposit(c.sender(anyone), slot);
            assertEquals(ReleaseFixture.DEPOSIT.add(ReleaseFixture.FEE), erc20.balanceOf(payout).subtract(before), "deposit + fee of slot " + slot);
        }
        String artist = chain.account(1).getAddress();
        BigInteger expectedFee = release.artistFee();
        release.claimArtistFee(c.sender(anyone));
        assertEquals(expectedFee, erc20.balanceOf(artist), "the artist is paid in the token");
    }
}
