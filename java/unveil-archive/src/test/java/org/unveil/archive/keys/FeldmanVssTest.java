package org.unveil.archive.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeldmanVssTest {
    // RFC 9591 Appendix E.5, FROST(secp256k1, SHA-256): the trusted-dealer inputs and participant shares.
    static final String RFC_SECRET = "0d004150d27c3bf2a42f312683d35fac7394b1e9e318249c1bfe7f0795a83114";
    static final String RFC_COEFFICIENT = "fbf85eadae3058ea14f19148bb72b45e4399c0b16028acaf0395c9b03c823579";
    static final String RFC_GROUP_PUBLIC_KEY = "02f37c34b66ced1fb51c34a90bdae006901f10625cc06c4f64663b0eae87d87b4f";
    static final String[] RFC_SHARES = {
        "08f89ffe80ac94dcb920c26f3f46140bfc7f95b493f8310f5fc1ea2b01f4254c",
        "04f0feac2edcedc6ce1253b7fab8c86b856a797f44d83d82a385554e6e401984",
        "00e95d59dd0d46b0e303e500b62b7ccb0e555d49f5b849f5e748c071da8c0dbc",
    };

    private final SecureRandom rnd = new SecureRandom();

    @Test
    void splitReproducesRfc9591SecpVector() throws Exception {
        ReleaseSecret s = ReleaseSecret.fromBytes(Hex.decode(RFC_SECRET, 32, "secret"));
        assertEquals("0x" + RFC_GROUP_PUBLIC_KEY, Hex.encode0x(s.publicKey()));
        FeldmanVss.SplitGroup g = FeldmanVss.split(s, List.of(new BigInteger(RFC_COEFFICIENT, 16)), 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1, g.shares().get(i).identifier());
            assertEquals(RFC_SHARES[i], Hex.encode(g.shares().get(i).value()), "participant " + (i + 1));
        }
        assertEquals("0x" + RFC_GROUP_PUBLIC_KEY, g.commitments().toHex().get(0));
        assertEquals(2, g.commitments().threshold());
    }

    @Test
    void rfc9591SharesVerifyAndEveryPairCombines() throws Exception {
        ReleaseSecret s = ReleaseSecret.fromBytes(Hex.decode(RFC_SECRET, 32, "secret"));
        Commitments c = FeldmanVss.split(s, List.of(new BigInteger(RFC_COEFFICIENT, 16)), 3).commitments();
        List<SecretShare> shares = new ArrayList<>();
        for (int i = 0; i < 3; i++) shares.add(new SecretShare(i + 1, Hex.decode(RFC_SHARES[i], 32, "share")));
        for (SecretShare share : shares) FeldmanVss.verify(share, c);
        for (int a = 0; a < 3; a++) {
            for (int b = a + 1; b < 3; b++) {
                assertEquals(s, FeldmanVss.combine(List.of(shares.get(a), shares.get(b)), c), a + "," + b);
            }
        }
    }

    @Test
    void anyThresholdSubsetOfRandomGroupsRecombines() throws Exception {
        Random pick = new Random(20261123L);
        int[][] specs = {{1, 1}, {1, 3}, {2, 2}, {2, 3}, {3, 5}, {5, 9}, {16, 40}, {100, 255}, {255, 255}};
        for (int[] spec : specs) {
            ReleaseSecret s = ReleaseSecret.generate(rnd);
            FeldmanVss.SplitGroup g = FeldmanVss.split(s, new GroupSpec(spec[0], spec[1]), rnd);
            assertEquals(spec[1], g.shares().size());
            assertArrayEquals(s.publicKey(), g.commitments().points().get(0), "C_0 is S");
            for (int round = 0; round < 4; round++) {
                List<SecretShare> shuffled = new ArrayList<>(g.shares());
                Collections.shuffle(shuffled, pick);
                int take = spec[0] + pick.nextInt(spec[1] - spec[0] + 1);
                assertEquals(s, FeldmanVss.combine(shuffled.subList(0, take), g.commitments()),
                        spec[0] + "/" + spec[1] + " from " + take);
                if (spec[0] > 1) {
                    List<SecretShare> tooFew = shuffled.subList(0, spec[0] - 1);
                    assertThrows(InvalidShareException.class, () -> FeldmanVss.combine(tooFew, g.commitments()));
                    assertNotEquals(new BigInteger(1, s.bytes()), FeldmanVss.interpolateAtZero(tooFew));
                }
            }
        }
    }

    @Test
    void fewerThanThresholdSharesAreRefusedAndInterpolateToSomethingElse() throws Exception {
        ReleaseSecret s = ReleaseSecret.generate(rnd);
        FeldmanVss.SplitGroup g = FeldmanVss.split(s, new GroupSpec(4, 7), rnd);
        List<SecretShare> three = g.shares().subList(2, 5);
        InvalidShareException e = assertThrows(InvalidShareException.class, () -> FeldmanVss.combine(three, g.commitments()));
        assertTrue(e.getMessage().contains("need 4"), e.getMessage());
        // M-1 points carry no information on s: interpolating them anyway gives a different value.
        assertNotEquals(new BigInteger(1, s.bytes()), FeldmanVss.interpolateAtZero(three));
    }

    @Test
    void duplicatedSharesDoNotCountTwice() throws Exception {
        FeldmanVss.SplitGroup g = FeldmanVss.split(ReleaseSecret.generate(rnd), new GroupSpec(3, 5), rnd);
        List<SecretShare> dup = List.of(g.shares().get(0), g.shares().get(1), g.shares().get(1));
        assertThrows(InvalidShareException.class, () -> FeldmanVss.combine(dup, g.commitments()));
    }

    @Test
    void everyFlippedBitInAShareIsDetectedAndNamed() throws Exception {
        FeldmanVss.SplitGroup g = FeldmanVss.split(ReleaseSecret.generate(rnd), new GroupSpec(3, 5), rnd);
        SecretShare good = g.shares().get(3);
        byte[] v = good.value();
        for (int bit = 0; bit < 256; bit++) {
            byte[] bad = v.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            if (new BigInteger(1, bad).compareTo(Secp256k1.N) >= 0) continue;
            SecretShare tampered = new SecretShare(4, bad);
            InvalidShareException e = assertThrows(InvalidShareException.class, () -> FeldmanVss.verify(tampered, g.commitments()));
            assertTrue(e.getMessage().contains("share 4"), e.getMessage());
            List<SecretShare> set = List.of(g.shares().get(0), tampered, g.shares().get(4));
            assertThrows(InvalidShareException.class, () -> FeldmanVss.combine(set, g.commitments()));
        }
        SecretShare moved = new SecretShare(5, v);
        assertThrows(InvalidShareException.class, () -> FeldmanVss.verify(moved, g.commitments()));
    }

    @Test
    void conflictingSharesWithOneIdentifierAreRefused() throws Exception {
        FeldmanVss.SplitGroup g = FeldmanVss.split(ReleaseSecret.generate(rnd), new GroupSpec(2, 3), rnd);
        SecretShare other = new SecretShare(1, g.shares().get(1).value());
        InvalidShareException e = assertThrows(InvalidShareException.class,
                () -> FeldmanVss.combine(List.of(g.shares().get(0), other, g.shares().get(2)), g.commitments()));
        assertTrue(e.getMessage().contains("identifier 1"), e.getMessage());
    }

    @Test
    void groupsOfOneReleaseShareCommitmentZeroButNotShares() throws Exception {
        ReleaseSecret s = ReleaseSecret.generate(rnd);
        FeldmanVss.SplitGroup first = FeldmanVss.split(s, new GroupSpec(2, 3), rnd);
        FeldmanVss.SplitGroup backup = FeldmanVss.split(s, new GroupSpec(3, 7), rnd);
        assertEquals(first.commitments().toHex().get(0), backup.commitments().toHex().get(0));
        assertThrows(InvalidShareException.class, () -> FeldmanVss.verify(first.shares().get(0), backup.commitments()));
        assertEquals(s, FeldmanVss.combine(backup.shares().subList(4, 7), backup.commitments()));
    }

    @Test
    void sharesOfAnotherSecretAreRejected() throws Exception {
        FeldmanVss.SplitGroup a = FeldmanVss.split(ReleaseSecret.generate(rnd), new GroupSpec(2, 2), rnd);
        FeldmanVss.SplitGroup b = FeldmanVss.split(ReleaseSecret.generate(rnd), new GroupSpec(2, 2), rnd);
        assertThrows(InvalidShareException.class, () -> FeldmanVss.combine(b.shares(), a.commitments()));
    }

    @Test
    void thresholdOneGivesTheSecretToEveryone() throws Exception {
        ReleaseSecret s = ReleaseSecret.generate(rnd);
        FeldmanVss.SplitGroup g = FeldmanVss.split(s, new GroupSpec(1, 4), rnd);
        for (SecretShare share : g.shares()) assertArrayEquals(s.bytes(), share.value());
    }

    @Test
    void shareAddressesFromCommitmentsAreTheAddressesOfTheShares() {
        ReleaseSecret s = ReleaseSecret.generate(rnd);
        FeldmanVss.SplitGroup g = FeldmanVss.split(s, new GroupSpec(3, 5), rnd);
        List<String> addresses = FeldmanVss.shareAddresses(g.commitments(), 5);
        assertEquals(5, addresses.size());
        for (SecretShare share : g.shares()) {
            assertEquals(FeldmanVss.addressOf(share), addresses.get(share.identifier() - 1), "share " + share.identifier());
            assertArrayEquals(Secp256k1.compressed(Secp256k1.mulG(share.scalar())), FeldmanVss.sharePoint(g.commitments(), share.identifier()));
        }
        assertNotEquals(addresses.get(0), addresses.get(1));
        assertThrows(IllegalArgumentException.class, () -> FeldmanVss.sharePoint(g.commitments(), 0));
    }

    @Test
    void shareAddressOfTheRfc9591VectorMatchesItsShare() throws Exception {
        ReleaseSecret s = ReleaseSecret.fromBytes(Hex.decode(RFC_SECRET, 32, "secret"));
        FeldmanVss.SplitGroup g = FeldmanVss.split(s, List.of(new BigInteger(RFC_COEFFICIENT, 16)), 3);
        for (int i = 0; i < 3; i++) {
            SecretShare share = new SecretShare(i + 1, Hex.decode(RFC_SHARES[i], 32, "share"));
            assertEquals(FeldmanVss.addressOf(share), FeldmanVss.shareAddress(g.commitments(), i + 1));
        }
    }
}
