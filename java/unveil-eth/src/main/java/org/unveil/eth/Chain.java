package org.unveil.eth;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.http.HttpService;

/**
 * A JSON-RPC connection to one chain: read-only calls, balances, block time, and
 * {@link #sender(Credentials)} for transactions. Closing it releases the HTTP client.
 */
@SuppressWarnings("rawtypes") // web3j's FunctionReturnDecoder hands out List<Type>, raw
public final class Chain implements AutoCloseable {
    private final HttpService service;
    private final Web3j web3j;
    private final long chainId;
    private final String rpcUrl;

    private Chain(HttpService service, Web3j web3j, long chainId, String rpcUrl) {
        this.service = service;
        this.web3j = web3j;
        this.chainId = chainId;
        this.rpcUrl = rpcUrl;
    }

    /** Connects to {@code rpcUrl} and reads its chain id (so a wrong URL fails here, clearly). */
    public static Chain connect(String rpcUrl) throws ChainException {
        if (rpcUrl == null || !(rpcUrl.startsWith("http://") || rpcUrl.startsWith("https://"))) {
            throw new IllegalArgumentException("RPC URL must start with http:// or https://, got: " + rpcUrl);
        }
        HttpService service = new HttpService(rpcUrl);
        Web3j w = Web3j.build(service);
        try {
            long id = Rpc.result(w.ethChainId(), "eth_chainId at " + rpcUrl).getChainId().longValueExact();
            return new Chain(service, w, id, rpcUrl);
        } catch (ChainException | RuntimeException e) {
            w.shutdown();
            throw e;
        }
    }

    public long chainId() {
        return chainId;
    }

    public String rpcUrl() {
        return rpcUrl;
    }

    /** The underlying web3j client, for what this API does not cover. */
    public Web3j web3j() {
        return web3j;
    }

    /** A transaction sender for {@code credentials} on this chain. */
    public TransactionSender sender(Credentials credentials) {
        return new TransactionSender(this, credentials);
    }

    public BigInteger balance(String address) throws ChainException {
        return Rpc.result(web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST), "eth_getBalance " + address).getBalance();
    }

    public BigInteger blockNumber() throws ChainException {
        return Rpc.result(web3j.ethBlockNumber(), "eth_blockNumber").getBlockNumber();
    }

    /** Timestamp of the latest block: the contracts' notion of "now". */
    public Instant latestBlockTime() throws ChainException {
        EthBlock.Block b = Rpc.result(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false), "eth_getBlockByNumber latest").getBlock();
        return Instant.ofEpochSecond(b.getTimestamp().longValueExact());
    }

    /** True when {@code address} holds contract code. */
    public boolean hasCode(String address) throws ChainException {
        return hasCode(address, DefaultBlockParameterName.LATEST);
    }

    /** True when {@code address} held contract code at {@code block}. */
    public boolean hasCode(String address, DefaultBlockParameter block) throws ChainException {
        String code = Rpc.result(web3j.ethGetCode(address, block), "eth_getCode " + address + " at " + block.getValue()).getCode();
        return code != null && code.length() > 2;
    }

    /** Calls a view function and decodes its outputs; a revert becomes a {@link ContractRevertException}. */
    public List<Type> call(String to, Function function) throws ChainException {
        return call(null, to, function);
    }

    /** A view call as of {@code block} (a number or a tag such as {@code finalized}). */
    public List<Type> call(String to, Function function, DefaultBlockParameter block) throws ChainException {
        return FunctionReturnDecoder.decode(callRaw(null, to, function, block), function.getOutputParameters());
    }

    List<Type> call(String from, String to, Function function) throws ChainException {
        return FunctionReturnDecoder.decode(callRaw(from, to, function), function.getOutputParameters());
    }

    /** The raw ABI-encoded return data of a view call, for outputs web3j cannot decode (dynamic structs). */
    String callRaw(String from, String to, Function function) throws ChainException {
        return callRaw(from, to, function, DefaultBlockParameterName.LATEST);
    }

    private String callRaw(String from, String to, Function function, DefaultBlockParameter block) throws ChainException {
        String data = FunctionEncoder.encode(function);
        EthCall resp;
        try {
            resp = web3j.ethCall(Transaction.createEthCallTransaction(from, to, data), block).send();
        } catch (IOException e) {
            throw new ChainException("eth_call " + function.getName() + " on " + to + " failed: " + e.getMessage(), e);
        }
        if (resp.hasError()) throw Rpc.revertOrFailure(resp.getError(), function.getName() + " on " + to);
        String value = resp.getValue();
        if (value == null || value.equals("0x")) {
            throw new ChainException("call " + function.getName() + " on " + to + " returned nothing; is an Unveil contract deployed there (chain " + chainId + ")?");
        }
        return value;
    }

    /**
     * Hands signed transaction bytes to the node. Re-sending bytes the node already has is
     * {@link BroadcastResult#ACCEPTED} (nodes word it "already known" or "known transaction"), so the
     * same bytes can be sent again safely after a crash; any other refusal is a {@link ChainException}
     * quoting the node.
     */
    public BroadcastResult broadcast(byte[] rawTransaction) throws ChainException {
        String hex = org.web3j.utils.Numeric.toHexString(rawTransaction);
        org.web3j.protocol.core.methods.response.EthSendTransaction sent;
        try {
            sent = web3j.ethSendRawTransaction(hex).send();
        } catch (IOException e) {
            throw new ChainException("eth_sendRawTransaction failed: " + e.getMessage() + "; the transaction may or may not have reached the node", e);
        }
        if (!sent.hasError()) return BroadcastResult.ACCEPTED;
        String message = String.valueOf(sent.getError().getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("already known") || message.contains("known transaction") || message.contains("alreadyknown")) return BroadcastResult.ACCEPTED;
        if (message.contains("nonce too low") || message.contains("nonce has already been used")) return BroadcastResult.NONCE_USED;
        // A node that mines on every transaction (Hardhat's automine) runs it before answering and
        // reports a revert as an error, yet the transaction is mined: its receipt tells the rest.
        if (message.contains("reverted")) return BroadcastResult.ACCEPTED;
        if (message.contains("underpriced")) return BroadcastResult.UNDERPRICED;
        throw new ChainException("eth_sendRawTransaction refused: JSON-RPC error " + sent.getError().getCode() + ": " + sent.getError().getMessage());
    }

    /** The receipt of transaction {@code hash}, if it is mined. */
    public java.util.Optional<org.web3j.protocol.core.methods.response.TransactionReceipt> receipt(String hash) throws ChainException {
        return Rpc.result(web3j.ethGetTransactionReceipt(hash), "eth_getTransactionReceipt " + hash).getTransactionReceipt();
    }

    /** The next nonce of {@code account} counting its pending transactions. */
    public long pendingNonce(String account) throws ChainException {
        return Rpc.result(web3j.ethGetTransactionCount(account, DefaultBlockParameterName.PENDING), "eth_getTransactionCount " + account)
                .getTransactionCount().longValueExact();
    }

    /** The next nonce of {@code account} counting only mined transactions. */
    public long minedNonce(String account) throws ChainException {
        return Rpc.result(web3j.ethGetTransactionCount(account, DefaultBlockParameterName.LATEST), "eth_getTransactionCount " + account)
                .getTransactionCount().longValueExact();
    }

    /** A JSON-RPC method web3j has no typed request for (evm_increaseTime, evm_mine); the result is returned as parsed JSON. */
    Object rawCall(String method, List<?> params) throws ChainException {
        return Rpc.result(new org.web3j.protocol.core.Request<>(method, params, service, RawResponse.class), method).getResult();
    }

    /** Any JSON-RPC result, kept as whatever Jackson made of it. */
    public static final class RawResponse extends Response<Object> {}

    @Override
    public void close() {
        web3j.shutdown();
    }

    /** Small helpers around web3j's request/response objects. */
    static final class Rpc {
        private Rpc() {}

        static <T extends Response<?>> T result(org.web3j.protocol.core.Request<?, T> request, String what) throws ChainException {
            T resp;
            try {
                resp = request.send();
            } catch (IOException e) {
                throw new ChainException(what + " failed: " + e.getMessage() + " (is a node running there? Start a local one with scripts/devnet, or give --rpc URL)", e);
            }
            if (resp.hasError()) throw revertOrFailure(resp.getError(), what);
            return resp;
        }

        /** JSON-RPC errors carrying revert data are contract refusals; anything else is a chain failure. */
        static ChainException revertOrFailure(Response.Error error, String what) {
            String data = RevertData.extract(error);
            if (data != null) throw RevertDecoder.shared().decode(data, what);
            return new ChainException(what + " failed: JSON-RPC error " + error.getCode() + ": " + error.getMessage());
        }
    }
}
