package org.unveil.eth;

import org.unveil.archive.FragmentTree;

import org.unveil.archive.FragmentKeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.unveil.archive.keys.FeldmanVss;
import org.unveil.archive.keys.GroupSpec;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseSecret;
import org.unveil.archive.keys.SecretShare;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every event of spec/abi/Release.json and spec/abi/KeyholderRegistry.json is known to the client,
 * and each one is decoded from a real node's logs: three releases on their own chain that between
 * them emit all of them (a superseded accusation, payments rejected by a payee and withdrawn, an
 * invalid group, a recovered and a published secret, a settled release, a stake withdrawn).
 */
class EventDecodingTest {
    /** PUSH1 0 PUSH1 0 REVERT: the code that turns an account into a payee that rejects every payment. */
    private static final String REJECTS_ETH = "0x60006000fd";
    private static final BigInteger GOAL = ReleaseFixture.GOAL;
    private static final BigInteger DEPOSIT = ReleaseFixture.DEPOSIT;

    @Test
    void everyAbiEventIsDecodedAndNothingElse() throws Exception {
        sameEvents("Release.json", ReleaseEventDecoder.decoder(), "ReleaseEvent and ReleaseEventDecoder");
        sameEvents("KeyholderRegistry.json", RegistryEventDecoder.decoder(), "RegistryEvent and RegistryEventDecoder");
    }

    private static void sameEvents(String abiFile, EventDecoder<?> decoder, String where) throws Exception {
        Set<String> abi = abiEvents(abiFile);
        Set<String> decoded = new TreeSet<>(decoder.signatures());
        Set<String> unknown = new TreeSet<>(abi);
        unknown.removeAll(decoded);
        Set<String> stale = new TreeSet<>(decoded);
        stale.removeAll(abi);
        assertEquals(Set.of(), unknown, "events of spec/abi/" + abiFile + " the client cannot decode: add them to " + where);
        assertEquals(Set.of(), stale, "decoded events absent from spec/abi/" + abiFile + " (renamed or retyped?): fix " + where);
    }

    @Test
    void everyEventIsDecodedFromARealNodesLogs() throws Exception {
        try (DevChain chain = DevChain.start()) {
            Chain c = chain.chain();
            KeyholderRegistryClient registry = KeyholderRegistryClient.at(c, chain.deployment().registry());
            TransactionSender anyone = c.sender(chain.account(0));
            Credentials payee = Credentials.create(Keys.createEcKeyPair()); // kh1's payout address, later rejecting ETH
            Credentials winner = Credentials.create(Keys.createEcKeyPair()); // the earliest accusation's beneficiary
            for (Credentials fresh : List.of(payee, winner)) anyone.transfer(fresh.getAddress(), Wei.parse("1eth")); // gas for withdrawing later
            List<Credentials> keyholders = chain.accounts().subList(2, 7);
            ReleaseFixture.registerKeyholders(chain, keyholders,
                    List.of(chain.account(7), payee, chain.account(9), chain.account(10), chain.account(11)));
            Credentials kh2 = keyholders.get(2);
            registry.updateProfile(c.sender(kh2), kh2.getAddress(), chain.account(9).getAddress(), "http://127.0.0.1:9/moved", "terms v2");

            // R1, Open: slot 0's key leaked; the later commitment is revealed first, then the earlier one takes over
            byte[] salt = new byte[32];
            salt[31] = 1;
            ReleaseFixture f = new ReleaseFixture(chain, chain.account(1), keyholders.subList(0, 3), List.of(new GroupSpec(2, 3))).create(salt).enrolAll();
            ReleaseClient r1 = f.release;
            r1.pledge(c.sender(chain.account(12)), Wei.parse("1eth"));
            String leaker = keyholders.get(0).getAddress();
            Credentials early = chain.account(15), late = chain.account(16);
            byte[] earlyProof = ReleaseSignatures.sign(ReleaseSignatures.leakProofDigest(c.chainId(), r1.address(), leaker, winner.getAddress()), f.releaseKeys.get(0));
            byte[] lateProof = ReleaseSignatures.sign(ReleaseSignatures.leakProofDigest(c.chainId(), r1.address(), leaker, late.getAddress()), f.releaseKeys.get(0));
            byte[] earlySalt = bytes32(1), lateSalt = bytes32(2);
            byte[] earlyCommitment = ReleaseSignatures.accusationCommitment(r1.address(), 0, winner.getAddress(), earlyProof, earlySalt, early.getAddress());
            registry.commitAccusation(c.sender(early), earlyCommitment);
            registry.commitAccusation(c.sender(late), ReleaseSignatures.accusationCommitment(r1.address(), 0, late.getAddress(), lateProof, lateSalt, late.getAddress()));
            r1.accuse(c.sender(late), 0, late.getAddress(), lateProof, lateSalt);
            r1.accuse(c.sender(early), 0, winner.getAddress(), earlyProof, earlySalt);
            chain.increaseTime(Duration.ofSeconds(ReleaseClient.ACCUSATION_WINDOW_SECONDS));
            r1.claimBounty(anyone, 0);

            // R2: group 0's share address is a lie (not on S's polynomial), group 1 recombines S; R3: the artist publishes s
            ReleaseSecret s2 = ReleaseSecret.generate(new SecureRandom());
            ReleaseSecret lie = ReleaseSecret.generate(new SecureRandom());
            Created r2 = oneOfOneGroups(chain, 2, s2, List.of(lie, s2), List.of(keyholders.get(2), keyholders.get(3)));
            ReleaseSecret s3 = ReleaseSecret.generate(new SecureRandom());
            Created r3 = oneOfOneGroups(chain, 3, s3, List.of(s3), List.of(keyholders.get(4)));
            // R4: the artist sealed the work to keys of another secret; its samples pass, its release fails
            ReleaseSecret s4 = ReleaseSecret.generate(new SecureRandom());
            Created r4 = oneOfOneGroups(chain, 4, s4, List.of(s4), List.of(keyholders.get(4)), ReleaseSecret.generate(new SecureRandom()));
            for (Created r : List.of(r2, r3, r4)) r.release().pledge(c.sender(chain.account(13)), GOAL);
            chain.increaseTime(Duration.ofSeconds(1)); // shares are refused in the funding block's second
            r2.release().publishShare(c.sender(keyholders.get(2)), 0, r2.shares().get(0));
            r2.release().publishShare(c.sender(keyholders.get(3)), 1, r2.shares().get(1));
            assertEquals(ReleaseState.RELEASED, r2.release().state(), "group 1 recombined the secret after group 0 failed");
            r3.release().authorRelease(c.sender(chain.account(1)), s3);
            r4.release().authorRelease(c.sender(chain.account(1)), s4);
            assertEquals(ReleaseState.FAILED, r4.release().state(), "forged sample keys fail the release once the secret is out");

            // R1 misses its pledge deadline; R2 settles after its reveal window
            chain.increaseTime(Duration.ofDays(7));
            r1.expire(anyone);
            r1.claimRefund(c.sender(chain.account(12)));
            r2.release().settle(anyone);
            chain.increaseTime(Duration.ofSeconds(ReleaseClient.ACCUSATION_WINDOW_SECONDS)); // deposits wait for late reveals
            chain.setCode(payee.getAddress(), REJECTS_ETH);
            r1.claimDeposit(anyone, 1);
            assertEquals(DEPOSIT, r1.creditOf(payee.getAddress()), "the rejected deposit is credited to the payout address");
            chain.setCode(payee.getAddress(), "0x");
            r1.withdrawCredit(c.sender(payee));
            ContractRevertException none = assertThrows(ContractRevertException.class, () -> r1.withdrawCredit(c.sender(payee)));
            assertEquals("ReleaseNoCredit", none.errorName());
            for (int slot = 0; slot < 2; slot++) r2.release().claimDeposit(anyone, slot);
            r2.release().claimArtistFee(anyone);

            // half of the slashed keyholder's stake goes to the winning beneficiary, which rejects it, then withdraws it
            chain.increaseTime(Duration.ofDays(181));
            registry.withdraw(c.sender(keyholders.get(3)), ReleaseParams.ETH, Wei.parse("0.5eth"));
            chain.setCode(winner.getAddress(), REJECTS_ETH);
            registry.claimSnitchReward(anyone, leaker, ReleaseParams.ETH);
            BigInteger reward = registry.creditOf(winner.getAddress(), ReleaseParams.ETH);
            assertEquals(Wei.parse("0.5eth"), reward, "half the leaker's 1 ETH stake, credited");
            chain.setCode(winner.getAddress(), "0x");
            registry.withdrawCredit(c.sender(winner), ReleaseParams.ETH);

            List<ReleaseEvent> releaseEvents = new ArrayList<>(r1.events());
            releaseEvents.addAll(r2.release().events());
            releaseEvents.addAll(r3.release().events());
            releaseEvents.addAll(r4.release().events());
            Set<Class<?>> seen = releaseEvents.stream().map(Object::getClass).collect(Collectors.toSet());
            Set<Class<?>> expected = new HashSet<>(Arrays.asList(ReleaseEvent.class.getPermittedSubclasses()));
            expected.remove(ReleaseEvent.Eip712DomainChanged.class); // a release's EIP-712 domain never changes
            assertEquals(names(expected), names(seen), "release events decoded from the node");
            List<RegistryEvent> registryEvents = registry.events();
            assertEquals(names(Set.of(RegistryEvent.class.getPermittedSubclasses())),
                    names(registryEvents.stream().map(Object::getClass).collect(Collectors.toSet())), "registry events decoded from the node");

            // the fields, not just the kinds
            RegistryEvent.AccusationCommitted committed = only(registryEvents, RegistryEvent.AccusationCommitted.class).get(0);
            assertEquals(early.getAddress(), committed.committer());
            assertEquals(org.web3j.utils.Numeric.toHexString(earlyCommitment), committed.commitment());
            ReleaseEvent.AccusationSuperseded superseded = only(r1.events(), ReleaseEvent.AccusationSuperseded.class).get(0);
            assertEquals(new ReleaseEvent.AccusationSuperseded(superseded.position(), 0, winner.getAddress(), committed.sequence()), superseded);
            assertEquals(winner.getAddress(), only(registryEvents, RegistryEvent.SnitchSuperseded.class).get(0).beneficiary());
            ReleaseEvent.BountyClaimed bounty = only(r1.events(), ReleaseEvent.BountyClaimed.class).get(0);
            assertEquals(List.of(0, winner.getAddress(), DEPOSIT.divide(BigInteger.TWO)), List.of(bounty.slot(), bounty.beneficiary(), bounty.amount()));
            assertEquals(List.of(payee.getAddress(), DEPOSIT), only(r1.events(), ReleaseEvent.PaymentCredited.class).stream()
                    .flatMap(e -> java.util.stream.Stream.of(e.to(), e.amount())).toList());
            assertEquals(List.of(payee.getAddress(), DEPOSIT), only(r1.events(), ReleaseEvent.CreditWithdrawn.class).stream()
                    .flatMap(e -> java.util.stream.Stream.of(e.to(), e.amount())).toList());
            RegistryEvent.PaymentCredited credited = only(registryEvents, RegistryEvent.PaymentCredited.class).get(0);
            assertEquals(List.of(winner.getAddress(), ReleaseParams.ETH, reward), List.of(credited.to(), credited.token(), credited.amount()));
            RegistryEvent.CreditWithdrawn withdrawn = only(registryEvents, RegistryEvent.CreditWithdrawn.class).get(0);
            assertEquals(List.of(winner.getAddress(), ReleaseParams.ETH, reward), List.of(withdrawn.to(), withdrawn.token(), withdrawn.amount()));
            assertEquals(List.of(0), only(r2.release().events(), ReleaseEvent.GroupInvalid.class).stream().map(ReleaseEvent.GroupInvalid::group).toList());
            RegistryEvent.ProfileUpdated moved = only(registryEvents, RegistryEvent.ProfileUpdated.class).get(0);
            assertEquals(List.of(kh2.getAddress(), "http://127.0.0.1:9/moved", "terms v2"), List.of(moved.keyholder(), moved.endpoint(), moved.terms()));
            RegistryEvent.ReleaseLeft left = only(registryEvents, RegistryEvent.ReleaseLeft.class).get(0);
            assertEquals(leaker, left.keyholder(), "the accusation closed the leaker's enrolment first");
            assertEquals(r1.address(), left.release());
        }
    }

    private record Created(ReleaseClient release, List<SecretShare> shares) {}

    /**
     * A release of 1-of-1 groups whose shares are {@code groupSecrets} (a group whose secret is not
     * {@code s} is an artist's lie: its share checks against its address, but recombines to another
     * secret), each slot enrolled by its keyholder with a random release key.
     */
    private static Created oneOfOneGroups(DevChain chain, int saltByte, ReleaseSecret s, List<ReleaseSecret> groupSecrets,
            List<Credentials> keyholders) throws Exception {
        return oneOfOneGroups(chain, saltByte, s, groupSecrets, keyholders, s);
    }

    /** The same, its fragment keys derived from {@code keySecret} (not s: a forging artist). */
    private static Created oneOfOneGroups(DevChain chain, int saltByte, ReleaseSecret s, List<ReleaseSecret> groupSecrets,
            List<Credentials> keyholders, ReleaseSecret keySecret) throws Exception {
        Chain c = chain.chain();
        SecureRandom rnd = new SecureRandom();
        List<org.unveil.archive.keys.Commitments> commitments = new ArrayList<>();
        List<SecretShare> shares = new ArrayList<>();
        List<String> shareAddresses = new ArrayList<>();
        List<ReleaseKey> keys = new ArrayList<>();
        for (ReleaseSecret g : groupSecrets) {
            FeldmanVss.SplitGroup split = FeldmanVss.split(g, new GroupSpec(1, 1), rnd);
            commitments.add(split.commitments());
            shares.add(split.shares().get(0));
            shareAddresses.addAll(FeldmanVss.shareAddresses(split.commitments(), 1));
            keys.add(ReleaseKey.random(rnd));
        }
        byte[] manifestHash = bytes32(saltByte + 100);
        // two encrypted fragments, one sampled
        FragmentTree sampled = FragmentTree.of(List.of(FragmentKeys.derive(keySecret, 0).keyAddress(), FragmentKeys.derive(keySecret, 1).keyAddress()));
        Instant now = c.latestBlockTime();
        List<Integer> ones = groupSecrets.stream().map(g -> 1).toList();
        ReleaseParams params = new ReleaseParams(ReleaseParams.ETH, GOAL, DEPOSIT, ReleaseFixture.FEE, now.plus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(7)), ReleaseFixture.REVEAL_WINDOW, s.address(), manifestHash, CommitmentsHash.of(commitments),
                new byte[] {0x01, 0x55, 0x12, 0x20, 0x0a}, ones, ones, keys.stream().map(ReleaseKey::address).toList(), shareAddresses,
                sampled.root(), 2, 1);
        ReleaseClient release = ReleaseFactoryClient.at(c, chain.deployment().factory()).createRelease(c.sender(chain.account(1)), params, bytes32(saltByte));
        for (int slot = 0; slot < keyholders.size(); slot++) {
            String kh = keyholders.get(slot).getAddress();
            byte[] digest = ReleaseSignatures.acceptanceDigest(c.chainId(), release.address(), kh, slot, params.termsHash(chain.account(1).getAddress()));
            release.enrol(c.sender(keyholders.get(slot)), slot, kh, ReleaseSignatures.sign(digest, keys.get(slot)), DEPOSIT);
        }
        chain.mine(6);
        release.drawSamples(c.sender(chain.account(1)));
        int e = release.samples().fragments().get(0);
        release.revealSamples(c.sender(chain.account(1)), List.of(new java.math.BigInteger(1, FragmentKeys.derive(keySecret, e).key())), List.of(sampled.proof(e)));
        return new Created(release, shares);
    }

    /** The canonical signatures of the events of a bundled spec/abi file (tuples spelt out, as topic0 hashes them). */
    private static Set<String> abiEvents(String file) throws Exception {
        JsonNode abi = JsonMapper.shared().readTree(EventDecodingTest.class.getResourceAsStream("/org/unveil/eth/abi/" + file));
        Set<String> signatures = new TreeSet<>();
        for (JsonNode e : abi) {
            if ("event".equals(e.path("type").asString(""))) signatures.add(e.path("name").asString() + "(" + types(e.path("inputs")) + ")");
        }
        return signatures;
    }

    private static String types(JsonNode inputs) {
        List<String> out = new ArrayList<>();
        for (JsonNode in : inputs) {
            String t = in.path("type").asString();
            out.add(t.startsWith("tuple") ? "(" + types(in.path("components")) + ")" + t.substring(5) : t);
        }
        return String.join(",", out);
    }

    private static <T> List<T> only(List<?> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static Set<String> names(Set<Class<?>> classes) {
        return classes.stream().map(Class::getSimpleName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static byte[] bytes32(int last) {
        byte[] b = new byte[32];
        b[31] = (byte) last;
        return b;
    }
}
