package org.unveil.eth;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** The release factory ({@code IReleaseFactory}): creates releases at predictable addresses. */
@SuppressWarnings("rawtypes") // web3j's FunctionReturnDecoder hands out List<Type>, raw
public final class ReleaseFactoryClient {
    private static final String RELEASE_CREATED = ReleaseEventDecoder.topic("ReleaseCreated(address,address,bytes32)");
    private final Chain chain;
    private final String address;

    private ReleaseFactoryClient(Chain chain, String address) {
        this.chain = Objects.requireNonNull(chain, "chain required");
        this.address = Addresses.checked(address, "factory address");
    }

    public static ReleaseFactoryClient at(Chain chain, String address) {
        return new ReleaseFactoryClient(chain, address);
    }

    public String address() {
        return address;
    }

    /** Where {@code createRelease(params, salt)} sent by {@code artist} deploys the release. */
    public String predictAddress(String artist, byte[] salt32) throws ChainException {
        return (String) one("predictAddress", Abi.ADDRESS, Abi.address(artist), Abi.bytes32(salt32)).getValue();
    }

    /**
     * Creates a release for the sender (the artist) and returns its address, checked against both
     * the prediction and the factory's {@code ReleaseCreated} event.
     */
    public ReleaseClient createRelease(TransactionSender artist, ReleaseParams params, byte[] salt32) throws ChainException {
        String predicted = predictAddress(artist.address(), salt32);
        TransactionReceipt r = artist.send(address, Abi.fn("createRelease", params.toAbi(), Abi.bytes32(salt32)), BigInteger.ZERO);
        for (Log log : r.getLogs()) {
            if (log.getAddress().equalsIgnoreCase(address) && !log.getTopics().isEmpty()
                    && log.getTopics().get(0).equalsIgnoreCase(RELEASE_CREATED)) {
                String created = AbiWords.of(log.getTopics().get(1)).address(0);
                if (!created.equalsIgnoreCase(predicted)) {
                    throw new IllegalStateException("factory created the release at " + created + " but predicted " + predicted);
                }
                return ReleaseClient.at(chain, created);
            }
        }
        throw new ChainException("createRelease tx " + r.getTransactionHash() + " emitted no ReleaseCreated event; is " + address + " an Unveil factory?");
    }

    public boolean isRelease(String account) throws ChainException {
        return (Boolean) one("isRelease", Abi.BOOL, Abi.address(account)).getValue();
    }

    public String registry() throws ChainException {
        return (String) one("registry", Abi.ADDRESS).getValue();
    }

    public String implementation() throws ChainException {
        return (String) one("implementation", Abi.ADDRESS).getValue();
    }

    /** The {@code ReleaseViews} the implementation delegates its views to. */
    public String views() throws ChainException {
        return (String) one("views", Abi.ADDRESS).getValue();
    }

    /** Whether releases may be paid in {@code token}. */
    public boolean tokenAllowed(String token) throws ChainException {
        return (Boolean) one("isTokenAllowed", Abi.BOOL, Abi.address(token)).getValue();
    }

    /** Allows or forbids {@code token} for new releases (the factory's owner only). */
    public TransactionReceipt setTokenAllowed(TransactionSender owner, String token, boolean allowed) throws ChainException {
        return owner.send(address, Abi.fn("setTokenAllowed", Abi.address(token), new org.web3j.abi.datatypes.Bool(allowed)), BigInteger.ZERO);
    }

    /** Share of every funded goal paid to the reputation fund, in basis points. */
    public int reputationBps() throws ChainException {
        return ((BigInteger) one("reputationBps", Abi.UINT).getValue()).intValueExact();
    }

    /** The bounds the factory keeps every release's times in (spec/release-protocol.md section 3). */
    public record TermBounds(Duration minRevealWindow, Duration maxRevealWindow, Duration maxEnrolPeriod, Duration maxPledgePeriod) {}

    public TermBounds termBounds() throws ChainException {
        List<Type> v = chain.call(address, Abi.view("termBounds", Abi.returns(Abi.UINT, Abi.UINT, Abi.UINT, Abi.UINT)));
        return new TermBounds(seconds(v.get(0)), seconds(v.get(1)), seconds(v.get(2)), seconds(v.get(3)));
    }

    private static Duration seconds(Type<?> t) {
        return Duration.ofSeconds(((BigInteger) t.getValue()).longValueExact());
    }

    private Type<?> one(String fn, Class<?> out, Type<?>... in) throws ChainException {
        List<Type> v = chain.call(address, Abi.view(fn, Abi.returns(out), in));
        return v.get(0);
    }
}
