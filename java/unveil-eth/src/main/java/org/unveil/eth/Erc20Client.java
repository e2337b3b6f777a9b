package org.unveil.eth;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** An ERC-20 token, for releases paid in tokens: balances, allowances and approvals. */
@SuppressWarnings("rawtypes") // web3j's FunctionReturnDecoder hands out List<Type>, raw
public final class Erc20Client {
    private final Chain chain;
    private final String address;

    private Erc20Client(Chain chain, String address) {
        this.chain = Objects.requireNonNull(chain, "chain required");
        this.address = Addresses.checked(address, "token address");
    }

    public static Erc20Client at(Chain chain, String address) {
        return new Erc20Client(chain, address);
    }

    public String address() {
        return address;
    }

    public BigInteger balanceOf(String owner) throws ChainException {
        return (BigInteger) one("balanceOf", Abi.UINT, Abi.address(owner)).getValue();
    }

    public BigInteger allowance(String owner, String spender) throws ChainException {
        return (BigInteger) one("allowance", Abi.UINT, Abi.address(owner), Abi.address(spender)).getValue();
    }

    public String symbol() throws ChainException {
        return (String) one("symbol", org.web3j.abi.datatypes.Utf8String.class).getValue();
    }

    public int decimals() throws ChainException {
        return ((BigInteger) one("decimals", org.web3j.abi.datatypes.generated.Uint8.class).getValue()).intValueExact();
    }

    /** Lets {@code spender} take up to {@code amount} of {@code from}'s tokens. */
    public TransactionReceipt approve(TransactionSender from, String spender, BigInteger amount) throws ChainException {
        return from.send(address, Abi.fn("approve", Abi.address(spender), Abi.uint(amount)), BigInteger.ZERO);
    }

    private Type<?> one(String fn, Class<?> out, Type<?>... in) throws ChainException {
        List<Type> v = chain.call(address, Abi.view(fn, Abi.returns(out), in));
        if (v.isEmpty()) throw new ChainException(address + " returned nothing for " + fn + "(); is it an ERC-20 token?");
        return v.get(0);
    }
}
