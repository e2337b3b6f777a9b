package org.unveil.eth;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.unveil.archive.keys.ReleaseSecret;
import org.unveil.archive.keys.SecretShare;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * One release contract ({@code IRelease}, spec/release-protocol.md). Views return typed records;
 * each transaction method is one contract call from the given sender and returns its receipt once
 * mined. Amounts are in the release's currency: wei, or the token's base units for a release paid
 * in an ERC-20 token, where {@link #approvePayment} must approve the release to take a deposit or a
 * pledge first ({@link #enrol} and {@link #pledge} then send no ETH).
 */
@SuppressWarnings("rawtypes") // web3j's FunctionReturnDecoder hands out List<Type>, raw
public final class ReleaseClient {
    private final Chain chain;
    private final String address;
    /** The release's token (immutable once created), read on first need. */
    private String token;

    private ReleaseClient(Chain chain, String address) {
        this.chain = Objects.requireNonNull(chain, "chain required");
        this.address = Addresses.checked(address, "release address");
    }

    public static ReleaseClient at(Chain chain, String address) {
        return new ReleaseClient(chain, address);
    }

    public String address() {
        return address;
    }

    // ------------------------------------------------------------------ views

    public ReleaseState state() throws ChainException {
        return ReleaseState.ofAbi(((BigInteger) one("state", Abi.UINT).getValue()).intValueExact());
    }

    /**
     * The state as of {@code block} (a number, or a tag such as {@code finalized}): what a keyholder
     * acts on when it must not act on a state a reorg could still undo. {@code NONE} when the release
     * had no code yet at that block.
     */
    public ReleaseState stateAt(DefaultBlockParameter block) throws ChainException {
        if (!chain.hasCode(address, block)) return ReleaseState.NONE;
        return ReleaseState.ofAbi(((BigInteger) chain.call(address, Abi.view("state", Abi.returns(Abi.UINT)), block).get(0).getValue()).intValueExact());
    }

    /** {@code summary()}: a static tuple, so its words decode like 13 separate return values. */
    public ReleaseSummary summary() throws ChainException {
        List<Type> v = chain.call(address, Abi.view("summary", Abi.returns(Abi.UINT, Abi.ADDRESS, Abi.ADDRESS, Abi.UINT, Abi.UINT,
                Abi.UINT, Abi.UINT, Abi.UINT, Abi.UINT, Abi.UINT, Abi.UINT, Abi.UINT, Abi.BOOL)));
        long reveal = big(v, 8).longValueExact();
        return new ReleaseSummary(ReleaseState.ofAbi(big(v, 0).intValueExact()), str(v, 1), str(v, 2), big(v, 3), big(v, 4), big(v, 5),
                Instant.ofEpochSecond(big(v, 6).longValueExact()), Instant.ofEpochSecond(big(v, 7).longValueExact()),
                reveal == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(reveal)), big(v, 9).intValueExact(),
                big(v, 10).intValueExact(), big(v, 11).intValueExact(), (Boolean) v.get(12).getValue());
    }

    /** The creation parameters (a dynamic tuple, read word by word). */
    public ReleaseParams params() throws ChainException {
        return ReleaseParams.fromAbi(AbiWords.of(chain.callRaw(null, address, Abi.view("params", List.of()))).tupleAt(0));
    }

    public Slot slot(int slot) throws ChainException {
        List<Type> v = chain.call(address, Abi.view("slotInfo", Abi.returns(Abi.UINT, Abi.ADDRESS, Abi.ADDRESS, Abi.UINT, Abi.BOOL), Abi.uint(slot)));
        String keyholder = str(v, 2);
        return new Slot(slot, big(v, 0).intValueExact(), str(v, 1),
                keyholder.equals(Abi.ZERO_ADDRESS) ? Optional.empty() : Optional.of(keyholder),
                Slot.Status.values()[big(v, 3).intValueExact()], (Boolean) v.get(4).getValue());
    }

    public List<Slot> slots() throws ChainException {
        int n = summary().slotCount();
        List<Slot> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(slot(i));
        return out;
    }

    public BigInteger pledgeOf(String fan) throws ChainException {
        return (BigInteger) one("pledgeOf", Abi.UINT, Abi.address(fan)).getValue();
    }

    /** The artist that created the release. */
    public String artist() throws ChainException {
        return (String) one("artist", Abi.ADDRESS).getValue();
    }

    public BigInteger artistFee() throws ChainException {
        return (BigInteger) one("artistFee", Abi.UINT).getValue();
    }

    public boolean isDecryptable() throws ChainException {
        return (Boolean) one("isDecryptable", Abi.BOOL).getValue();
    }

    /** The contract's EIP-712 digest for an acceptance; clients compare it with {@link ReleaseSignatures#acceptanceDigest}. */
    public byte[] acceptanceDigest(int slot, String keyholder) throws ChainException {
        return (byte[]) one("acceptanceDigest", Abi.BYTES32, Abi.uint(slot), Abi.address(keyholder)).getValue();
    }

    /** The contract's {@code termsHash()}; clients compare it with {@link ReleaseParams#termsHash} of the terms they checked. */
    public byte[] termsHash() throws ChainException {
        return (byte[]) one("termsHash", Abi.BYTES32).getValue();
    }

    /** What accounts other than the artist, the keyholders and their payout addresses pledged (spec section 10). */
    public BigInteger outsidePledged() throws ChainException {
        return (BigInteger) one("outsidePledged", Abi.UINT).getValue();
    }

    public byte[] leakProofDigest(String keyholder, String beneficiary) throws ChainException {
        return (byte[]) one("leakProofDigest", Abi.BYTES32, Abi.address(keyholder), Abi.address(beneficiary)).getValue();
    }

    public byte[] domainSeparator() throws ChainException {
        return (byte[]) one("domainSeparator", Abi.BYTES32).getValue();
    }

    /** The token the release is paid in, or {@link ReleaseParams#ETH}. */
    public String token() throws ChainException {
        if (token == null) token = params().token();
        return token;
    }

    public boolean paidInEth() throws ChainException {
        return ReleaseParams.ETH.equalsIgnoreCase(token());
    }

    // ------------------------------------------------------------------ transactions

    /**
     * For a token release, makes sure the release may take {@code amount} tokens from {@code from}:
     * checks the balance (a short one is a clear error before any transaction), then approves
     * exactly {@code amount} unless the allowance already covers it. Nothing for an ETH release.
     *
     * @return the approval's receipt, if one was sent
     */
    public Optional<TransactionReceipt> approvePayment(TransactionSender from, BigInteger amount) throws ChainException {
        if (paidInEth()) return Optional.empty();
        Erc20Client erc20 = Erc20Client.at(chain, token());
        BigInteger balance = erc20.balanceOf(from.address());
        if (balance.compareTo(amount) < 0) {
            throw new ContractRevertException("paying " + address + ": insufficient funds: token balance " + balance + " < needed " + amount
                    + " (base units of " + erc20.address() + ") in " + from.address(), "InsufficientFunds", List.of(balance, amount), "0x");
        }
        if (erc20.allowance(from.address(), address).compareTo(amount) >= 0) return Optional.empty();
        return Optional.of(erc20.approve(from, address, amount));
    }

    private BigInteger ethValue(BigInteger amount) throws ChainException {
        return paidInEth() ? amount : BigInteger.ZERO;
    }

    /** Takes {@code slot} for {@code keyholder} (sender = keyholder or its operator), paying the deposit (approve it first for a token release). */
    public TransactionReceipt enrol(TransactionSender from, int slot, String keyholder, byte[] acceptanceSignature, BigInteger deposit)
            throws ChainException {
        return from.send(enrolCall(slot, keyholder, acceptanceSignature, deposit));
    }

    /** The call {@link #enrol} sends. */
    public ContractCall enrolCall(int slot, String keyholder, byte[] acceptanceSignature, BigInteger deposit) throws ChainException {
        return ContractCall.of(address, Abi.fn("enrol", Abi.uint(slot), Abi.address(keyholder), Abi.bytes(acceptanceSignature)), ethValue(deposit));
    }

    /**
     * Pledges up to {@code amount}: the contract takes what the goal still needs, at most
     * {@code amount}, and sends the rest of the ETH back (approve {@code amount} first for a token
     * release; only what is taken moves). The receipt's {@code Pledged} event says what was taken.
     */
    public TransactionReceipt pledge(TransactionSender from, BigInteger amount) throws ChainException {
        return from.send(address, Abi.fn("pledge", Abi.uint(amount)), ethValue(amount));
    }

    /** What the pledge of {@code receipt} took, from its {@code Pledged} event. */
    public BigInteger pledged(TransactionReceipt receipt) throws ChainException {
        for (Log log : receipt.getLogs()) {
            if (!address.equalsIgnoreCase(log.getAddress())) continue;
            if (ReleaseEventDecoder.decode(log).orElse(null) instanceof ReleaseEvent.Pledged p) return p.amount();
        }
        throw new ChainException("pledge tx " + receipt.getTransactionHash() + " emitted no Pledged event from " + address);
    }

    /**
     * Publishes the Feldman share of {@code slot} (spec/release-protocol.md section 6.1): public from
     * the moment it is broadcast; the release key stays secret. The share that brings its group to
     * M_g makes the contract recombine the secret and, if it is addr(S)'s, release.
     */
    public TransactionReceipt publishShare(TransactionSender from, int slot, SecretShare share) throws ChainException {
        return from.send(publishShareCall(slot, share));
    }

    /** The call {@link #publishShare} sends: it holds the share, public once broadcast. */
    public ContractCall publishShareCall(int slot, SecretShare share) {
        return ContractCall.of(address, Abi.fn("publishShare", Abi.uint(slot), scalar(share.value())), BigInteger.ZERO);
    }

    /** The share published for {@code slot}, if any. */
    public Optional<BigInteger> shareOf(int slot) throws ChainException {
        BigInteger x = (BigInteger) one("shareOf", Abi.UINT, Abi.uint(slot)).getValue();
        return x.signum() == 0 ? Optional.empty() : Optional.of(x);
    }

    /**
     * The sampling of the release (release-protocol section 4.1): the beacon block (empty before the
     * sampling stage), and once drawn the seed, when the keys are due and the sampled fragments.
     */
    public record Samples(Optional<BigInteger> beaconBlock, Optional<byte[]> seed, Optional<Instant> revealBy, List<Integer> fragments) {}

    public Samples samples() throws ChainException {
        AbiWords w = AbiWords.of(chain.callRaw(null, address, Abi.view("samples", List.of())));
        BigInteger beacon = w.uint(0);
        BigInteger revealBy = w.uint(2);
        boolean drawn = revealBy.signum() != 0;
        return new Samples(beacon.signum() == 0 ? Optional.empty() : Optional.of(beacon), drawn ? Optional.of(w.bytes32(1)) : Optional.empty(),
                drawn ? Optional.of(Instant.ofEpochSecond(revealBy.longValueExact())) : Optional.empty(),
                w.uintArray(3).stream().map(BigInteger::intValueExact).toList());
    }

    /** Fixes the samples from the beacon block's hash (anyone may, once it is mined and for 256 blocks). */
    public TransactionReceipt drawSamples(TransactionSender from) throws ChainException {
        return from.send(drawSamplesCall());
    }

    public ContractCall drawSamplesCall() {
        return ContractCall.of(address, Abi.fn("drawSamples"), BigInteger.ZERO);
    }

    /**
     * Reveals the keys of the sampled fragments, one per sample in the drawn order, each with its
     * proof in the fragment tree (siblings bottom-up, 32 bytes each). Pledging opens.
     */
    public TransactionReceipt revealSamples(TransactionSender from, List<BigInteger> keys, List<List<byte[]>> proofs) throws ChainException {
        List<Uint256> k = keys.stream().map(Uint256::new).toList();
        List<DynamicArray<Bytes32>> p = proofs.stream().map(proof -> new DynamicArray<>(Bytes32.class, proof.stream().map(Bytes32::new).toList())).toList();
        @SuppressWarnings({"unchecked", "rawtypes"})
        DynamicArray<DynamicArray<Bytes32>> nested = new DynamicArray(DynamicArray.class, p);
        return from.send(address, Abi.fn("revealSamples", new DynamicArray<>(Uint256.class, k), nested), BigInteger.ZERO);
    }

    /** Publishes the release secret itself (the artist's manual release). */
    public TransactionReceipt authorRelease(TransactionSender from, ReleaseSecret secret) throws ChainException {
        return from.send(address, Abi.fn("authorRelease", scalar(secret.bytes())), BigInteger.ZERO);
    }

    /**
     * {@code Release.ACCUSATION_WINDOW} (spec release-protocol §6.3): deposits wait this long after the
     * end, and a bounty this long after its first reveal, for reveals of earlier commitments.
     */
    public static final long ACCUSATION_WINDOW_SECONDS = 86_400;

    /**
     * Reveals an accusation the sender committed in the registry
     * ({@link KeyholderRegistryClient#commitAccusation} of {@link ReleaseSignatures#accusationCommitment}):
     * the release key of {@code slot} leaked, {@code leakProof} was signed by that key for {@code beneficiary}.
     */
    public TransactionReceipt accuse(TransactionSender from, int slot, String beneficiary, byte[] leakProof, byte[] salt)
            throws ChainException {
        return from.send(address, Abi.fn("accuse", Abi.uint(slot), Abi.address(beneficiary), Abi.bytes(leakProof),
                new org.web3j.abi.datatypes.generated.Bytes32(salt)), BigInteger.ZERO);
    }

    /**
     * Commits, then reveals, an accusation in one go (two transactions, each waited for with the
     * sender's confirmations): what {@code unveil release accuse} does without {@code --commit-only}.
     */
    public TransactionReceipt commitAndAccuse(TransactionSender from, int slot, String beneficiary, byte[] leakProof, byte[] salt)
            throws ChainException {
        KeyholderRegistryClient registry = KeyholderRegistryClient.at(chain, registry());
        registry.commitAccusation(from, ReleaseSignatures.accusationCommitment(address, slot, beneficiary, leakProof, salt, from.address()));
        return accuse(from, slot, beneficiary, leakProof, salt);
    }

    /** The registry this release reports to, where accusations are committed. */
    public String registry() throws ChainException {
        return chain.call(address, Abi.view("registry", Abi.returns(Abi.ADDRESS))).get(0).toString();
    }

    /** When the bounty of slashed {@code slot} can be claimed (Unix seconds; zero if none is owed). */
    public BigInteger bountyClaimableAt(int slot) throws ChainException {
        List<Type> v = chain.call(address, Abi.view("bountyOf", Abi.returns(Abi.ADDRESS, Abi.UINT, Abi.UINT), Abi.uint(slot)));
        return big(v, 2);
    }

    /** What {@code account} is owed here for payments its address rejected ({@code creditOf}); zero if nothing. */
    public BigInteger creditOf(String account) throws ChainException {
        return (BigInteger) one("creditOf", Abi.UINT, Abi.address(account)).getValue();
    }

    /** Withdraws a payment the sender's address rejected earlier (credited by claimDeposit). */
    public TransactionReceipt withdrawCredit(TransactionSender from) throws ChainException {
        return from.send(address, Abi.fn("withdrawCredit"), BigInteger.ZERO);
    }

    /** Pays a bounty that {@code accuse} credited (beneficiary was a brand-new account, or a token release); anyone may call it. */
    public TransactionReceipt claimBounty(TransactionSender from, int slot) throws ChainException {
        return from.send(address, Abi.fn("claimBounty", Abi.uint(slot)), BigInteger.ZERO);
    }

    /** The bounty of slashed {@code slot} still owed to its bound beneficiary: zero once paid, or if it was paid during accuse. */
    public BigInteger bountyOwed(int slot) throws ChainException {
        List<Type> v = chain.call(address, Abi.view("bountyOf", Abi.returns(Abi.ADDRESS, Abi.UINT, Abi.UINT), Abi.uint(slot)));
        return big(v, 1);
    }

    public TransactionReceipt cancel(TransactionSender from) throws ChainException {
        return from.send(cancelCall());
    }

    public ContractCall cancelCall() {
        return ContractCall.of(address, Abi.fn("cancel"), BigInteger.ZERO);
    }

    public TransactionReceipt expire(TransactionSender from) throws ChainException {
        return from.send(expireCall());
    }

    public ContractCall expireCall() {
        return ContractCall.of(address, Abi.fn("expire"), BigInteger.ZERO);
    }

    public TransactionReceipt settle(TransactionSender from) throws ChainException {
        return from.send(settleCall());
    }

    public ContractCall settleCall() {
        return ContractCall.of(address, Abi.fn("settle"), BigInteger.ZERO);
    }

    public TransactionReceipt claimRefund(TransactionSender from) throws ChainException {
        return from.send(address, Abi.fn("claimRefund"), BigInteger.ZERO);
    }

    public TransactionReceipt claimDeposit(TransactionSender from, int slot) throws ChainException {
        return from.send(claimDepositCall(slot));
    }

    public ContractCall claimDepositCall(int slot) {
        return ContractCall.of(address, Abi.fn("claimDeposit", Abi.uint(slot)), BigInteger.ZERO);
    }

    public TransactionReceipt claimArtistFee(TransactionSender from) throws ChainException {
        return from.send(address, Abi.fn("claimArtistFee"), BigInteger.ZERO);
    }

    // ------------------------------------------------------------------ logs

    /** Every event of this release, in chain order, read in chunks from its creation block. */
    public List<ReleaseEvent> events() throws ChainException {
        return events(new EventLogReader(chain, EventLogReader.DEFAULT_CHUNK));
    }

    /**
     * Every event from {@code fromBlock} on: for nodes that cannot answer {@code eth_getCode} at old
     * blocks (pruned, non-archive), where the creation block cannot be bisected.
     */
    public List<ReleaseEvent> events(BigInteger fromBlock) throws ChainException {
        return events(new EventLogReader(chain, EventLogReader.DEFAULT_CHUNK), fromBlock);
    }

    List<ReleaseEvent> events(EventLogReader reader) throws ChainException {
        return events(reader, CreationBlock.find(chain, address));
    }

    private List<ReleaseEvent> events(EventLogReader reader, BigInteger from) throws ChainException {
        return ReleaseEventDecoder.decoder().events(reader, chain, address, from);
    }

    /** Current figures and slots from views; published shares, the secret and invalid groups from the logs. */
    public ReleaseStatus status() throws ChainException {
        ReleaseSummary summary = summary();
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < summary.slotCount(); i++) slots.add(slot(i));
        List<ReleaseEvent> events = events();
        Map<Integer, BigInteger> shares = new TreeMap<>();
        Optional<BigInteger> secret = Optional.empty();
        List<Integer> invalid = new ArrayList<>();
        for (ReleaseEvent e : events) {
            if (e instanceof ReleaseEvent.SharePublished k) shares.put(k.slot(), k.share());
            if (e instanceof ReleaseEvent.SecretPublished s) secret = Optional.of(s.secret());
            if (e instanceof ReleaseEvent.SecretRecovered s) secret = Optional.of(s.secret());
            if (e instanceof ReleaseEvent.GroupInvalid g) invalid.add(g.group());
        }
        return new ReleaseStatus(address, summary, params(), slots, shares, secret, invalid, events);
    }

    private Type<?> one(String fn, Class<?> out, Type<?>... in) throws ChainException {
        return chain.call(address, Abi.view(fn, Abi.returns(out), in)).get(0);
    }

    private static Uint256 scalar(byte[] b32) {
        try {
            return new Uint256(new BigInteger(1, b32));
        } finally {
            Arrays.fill(b32, (byte) 0);
        }
    }

    private static BigInteger big(List<Type> v, int i) {
        return (BigInteger) v.get(i).getValue();
    }

    private static String str(List<Type> v, int i) {
        return (String) v.get(i).getValue();
    }
}
