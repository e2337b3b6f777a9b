package org.unveil.keyholder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unveil.keyholder.store.TestChain.CHAIN_ID;
import static org.unveil.keyholder.store.TestChain.FACTORY;

import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.hiring.Signed;
import org.unveil.eth.hiring.Solicitation;
import org.unveil.keyholder.store.Offers.Acceptance;
import org.web3j.crypto.Credentials;

class OffersTest {
    private static final long NOW = 1_800_000_000L;
    private static final Credentials ARTIST = TestChain.account("artist");
    @TempDir
    Path dir;

    private static Signed<Solicitation> solicitation(String release, int slot, long deposit, String nonceLabel) {
        return new Solicitation(CHAIN_ID, FACTORY, release, ARTIST.getAddress(), TestChain.hash("salt" + release), 0, slot, "0x" + "00".repeat(20),
                BigInteger.valueOf(deposit), BigInteger.ONE, NOW + 86_400, NOW + 7 * 86_400, 3600, BigInteger.TEN, 1 << 20,
                TestChain.hash(nonceLabel), NOW + 600).sign(ARTIST);
    }

    private static AcceptedOffer offer(Signed<Solicitation> s, long validUntil) {
        return AcceptedOffer.of(s, TestChain.hash("hash of " + s.message().nonce()), TestChain.address("key of " + s.message().release()), validUntil);
    }

    @Test
    void theSameTermsRenewOtherTermsAreRefusedAndANonceIsTakenOnce() throws Exception {
        String r = TestChain.address("r1");
        try (KeyholderStore store = KeyholderStore.open(dir.resolve("state.db"))) {
            Offers offers = store.offers();
            assertEquals(Acceptance.NEW, offers.accept(offer(solicitation(r, 3, 100, "n1"), NOW + 3600), NOW, 4));
            assertTrue(offers.nonceSeen(ARTIST.getAddress(), TestChain.hash("n1")));
            assertEquals(Acceptance.REPLAYED_NONCE, offers.accept(offer(solicitation(r, 3, 100, "n1"), NOW + 3600), NOW, 4));
            offers.setArchive(CHAIN_ID, r, "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
            assertEquals(Acceptance.RENEWED, offers.accept(offer(solicitation(r, 3, 100, "n2"), NOW + 7200), NOW, 4));
            AcceptedOffer renewed = offers.get(CHAIN_ID, r).orElseThrow();
            assertEquals(NOW + 7200, renewed.validUntil());
            assertEquals(TestChain.hash("n2"), renewed.terms().nonce());
            assertTrue(renewed.archiveCid().isPresent(), "the same terms keep the archive received for them");
            assertEquals(Acceptance.OTHER_TERMS, offers.accept(offer(solicitation(r, 3, 200, "n3"), NOW + 3600), NOW, 4));
            assertEquals(Acceptance.OTHER_TERMS, offers.accept(offer(solicitation(r, 4, 100, "n4"), NOW + 3600), NOW, 4), "one slot per release");
            assertTrue(offers.nonceSeen(ARTIST.getAddress(), TestChain.hash("n2")));
            assertEquals(1, offers.slotsInUse(NOW));
        }
    }

    @Test
    void capacityCountsStandingOffersAndLiveHeldReleasesOnly() throws Exception {
        try (KeyholderStore store = KeyholderStore.open(dir.resolve("state.db"))) {
            Offers offers = store.offers();
            String a = TestChain.address("a");
            String b = TestChain.address("b");
            assertEquals(Acceptance.NEW, offers.accept(offer(solicitation(a, 0, 100, "a"), NOW + 100), NOW, 1));
            assertEquals(Acceptance.NO_CAPACITY, offers.accept(offer(solicitation(b, 0, 100, "b"), NOW + 100), NOW, 1));
            assertTrue(!offers.nonceSeen(ARTIST.getAddress(), TestChain.hash("b")), "a refused solicitation does not spend its nonce");
            // a created release keeps its slot past validUntil, until it ends
            store.releases().hold(CHAIN_ID, a, FACTORY, 0, ReleaseState.ENROLLING);
            assertEquals(1, offers.slotsInUse(NOW + 1000));
            store.releases().setState(CHAIN_ID, a, ReleaseState.SETTLED);
            assertEquals(0, offers.slotsInUse(NOW + 1000));
            assertEquals(Acceptance.NEW, offers.accept(offer(solicitation(b, 0, 100, "b"), NOW + 2000), NOW + 1000, 1));
            assertEquals(1, offers.standing(NOW + 1000).size());
        }
    }

    @Test
    void aLapsedUnusedOfferFreesItsSlotAndMayBeReplacedByOtherTerms() throws Exception {
        try (KeyholderStore store = KeyholderStore.open(dir.resolve("state.db"))) {
            Offers offers = store.offers();
            String r = TestChain.address("lapsed");
            offers.accept(offer(solicitation(r, 0, 100, "l1"), NOW + 10), NOW, 1);
            assertEquals(0, offers.slotsInUse(NOW + 11));
            assertEquals(Acceptance.NEW, offers.accept(offer(solicitation(r, 1, 300, "l2"), NOW + 500), NOW + 11, 1));
            assertEquals(1, offers.get(CHAIN_ID, r).orElseThrow().slot());
        }
    }

    @Test
    void noncesAreForgottenOnceTheirSolicitationHasExpiredPastTheSkew() throws Exception {
        try (KeyholderStore store = KeyholderStore.open(dir.resolve("state.db"))) {
            Offers offers = store.offers();
            offers.accept(offer(solicitation(TestChain.address("f"), 0, 100, "f1"), NOW + 100), NOW, 4);
            assertEquals(0, offers.forgetNonces(NOW + 600 + 60));
            assertTrue(offers.nonceSeen(ARTIST.getAddress(), TestChain.hash("f1")));
            assertEquals(1, offers.forgetNonces(NOW + 600 + 61));
            assertTrue(!offers.nonceSeen(ARTIST.getAddress(), TestChain.hash("f1")));
        }
    }

    @Test
    void anArchiveIsRecordedOnlyForAnOfferedRelease() throws Exception {
        try (KeyholderStore store = KeyholderStore.open(dir.resolve("state.db"))) {
            assertThrows(StoreException.class, () -> store.offers().setArchive(CHAIN_ID, TestChain.address("none"),
                    "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"));
        }
    }
}
