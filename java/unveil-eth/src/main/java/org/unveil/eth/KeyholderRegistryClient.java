package org.unveil.eth;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** The keyholder registry ({@code IKeyholderRegistry}): profiles, stake, reputation, slashing. */
public final class KeyholderRegistryClient {
    private final Chain chain;
    private final String address;

    private KeyholderRegistryClient(Chain chain, String address) {
        this.chain = Objects.requireNonNull(chain, "chain required");
        this.address = Addresses.checked(address, "registry address");
    }

    public static KeyholderRegistryClient at(Chain chain, String address) {
        return new KeyholderRegistryClient(chain, address);
    }

    public String address() {
        return address;
    }

    /** Registers the sender as a keyholder. */
    public TransactionReceipt register(TransactionSender keyholder, String operator, String payout, String endpoint, String terms)
            throws ChainException {
        return keyholder.send(address, Abi.fn("register", Abi.address(operator), Abi.address(payout), new Utf8String(endpoint),
                new Utf8String(terms)), BigInteger.ZERO);
    }

    /** Adds {@code amount} wei to the sender's stake. */
    public TransactionReceipt stake(TransactionSender keyholder, BigInteger amount) throws ChainException {
        return keyholder.send(address, Abi.fn("stake"), amount);
    }

    /** Withdraws {@code amount} of {@code token} (zero address: ETH) to the sender's payout address. */
    public TransactionReceipt withdraw(TransactionSender keyholder, String token, BigInteger amount) throws ChainException {
        return keyholder.send(address, Abi.fn("withdraw", Abi.address(token), Abi.uint(amount)), BigInteger.ZERO);
    }

    /** Commits the sender to an accusation ({@link ReleaseSignatures#accusationCommitment}); the reveal is {@link ReleaseClient#accuse}. */
    public TransactionReceipt commitAccusation(TransactionSender from, byte[] commitment) throws ChainException {
        return from.send(address, Abi.fn("commitAccusation", new org.web3j.abi.datatypes.generated.Bytes32(commitment)), BigInteger.ZERO);
    }

    /** The block in which {@code committer} committed {@code commitment} (zero if it never did). */
    public BigInteger commitmentBlock(String committer, byte[] commitment) throws ChainException {
        return (BigInteger) chain.call(address, Abi.view("commitmentOf", Abi.returns(Abi.UINT, Abi.UINT), Abi.address(committer),
                new org.web3j.abi.datatypes.generated.Bytes32(commitment))).get(0).getValue();
    }

    /** Changes the sender's operator, payout address, endpoint and terms (refused once slashed). */
    public TransactionReceipt updateProfile(TransactionSender keyholder, String operator, String payout, String endpoint, String terms)
            throws ChainException {
        return keyholder.send(address, Abi.fn("updateProfile", Abi.address(operator), Abi.address(payout), new Utf8String(endpoint),
                new Utf8String(terms)), BigInteger.ZERO);
    }

    /** What {@code account} is owed in {@code token} (zero address: ETH) for snitch rewards its address rejected. */
    public BigInteger creditOf(String account, String token) throws ChainException {
        return (BigInteger) one("creditOf", Abi.UINT, Abi.address(account), Abi.address(token)).getValue();
    }

    /** Withdraws what failed payments credited to the sender in {@code token} (zero address: ETH). */
    public TransactionReceipt withdrawCredit(TransactionSender from, String token) throws ChainException {
        return from.send(address, Abi.fn("withdrawCredit", Abi.address(token)), BigInteger.ZERO);
    }

    public TransactionReceipt claimSnitchReward(TransactionSender from, String keyholder, String token) throws ChainException {
        return from.send(address, Abi.fn("claimSnitchReward", Abi.address(keyholder), Abi.address(token)), BigInteger.ZERO);
    }

    /** The profile (a dynamic tuple holding strings, read word by word). */
    public KeyholderProfile profile(String keyholder) throws ChainException {
        AbiWords t = AbiWords.of(chain.callRaw(null, address, Abi.view("profile", List.of(), Abi.address(keyholder)))).tupleAt(0);
        String snitch = t.address(7);
        return new KeyholderProfile(Addresses.checked(keyholder, "keyholder"), t.address(0), t.address(1),
                Instant.ofEpochSecond(t.uint(2).longValueExact()), Instant.ofEpochSecond(t.uint(3).longValueExact()),
                t.smallInt(4, Integer.MAX_VALUE), t.smallInt(5, Integer.MAX_VALUE), t.bool(6),
                snitch.equals(Abi.ZERO_ADDRESS) ? Optional.empty() : Optional.of(snitch), t.string(8), t.string(9));
    }

    /** Balance of {@code keyholder} in {@code token} (zero address: ETH): stake plus earned reputation. */
    public BigInteger balanceOf(String keyholder, String token) throws ChainException {
        return (BigInteger) one("balanceOf", Abi.UINT, Abi.address(keyholder), Abi.address(token)).getValue();
    }

    public boolean isActive(String keyholder) throws ChainException {
        return (Boolean) one("isActive", Abi.BOOL, Abi.address(keyholder)).getValue();
    }

    public java.time.Duration coolDown() throws ChainException {
        return java.time.Duration.ofSeconds(((BigInteger) one("coolDown", Abi.UINT).getValue()).longValueExact());
    }

    /** Every event of the registry, in chain order, read in chunks from its creation block. */
    public List<RegistryEvent> events() throws ChainException {
        return events(CreationBlock.find(chain, address));
    }

    /** Every event from {@code fromBlock} on (for nodes that cannot answer {@code eth_getCode} at old blocks). */
    public List<RegistryEvent> events(BigInteger fromBlock) throws ChainException {
        return RegistryEventDecoder.decoder().events(new EventLogReader(chain, EventLogReader.DEFAULT_CHUNK), chain, address, fromBlock);
    }

    private Type<?> one(String fn, Class<?> out, Type<?>... in) throws ChainException {
        return chain.call(address, Abi.view(fn, Abi.returns(out), in)).get(0);
    }
}
