package org.unveil.eth;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;

/**
 * Sends EIP-1559 transactions from one key and waits for their receipts. Every transaction is
 * first estimated, which simulates it: a revert surfaces as a decoded {@link ContractRevertException}
 * before anything is signed or paid for. One sender per key (nonces come from the node's pending count).
 */
public final class TransactionSender {
    private static final BigInteger DEFAULT_PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L);
    private final Chain chain;
    private final Credentials credentials;
    private final RawTransactionManager manager;
    private int confirmations = 1;
    private Duration receiptTimeout = Duration.ofMinutes(3);

    TransactionSender(Chain chain, Credentials credentials) {
        this.chain = chain;
        this.credentials = java.util.Objects.requireNonNull(credentials, "credentials required");
        this.manager = new RawTransactionManager(chain.web3j(), credentials, chain.chainId());
    }

    /** How many blocks must hold a transaction (its own counts as 1) before it is reported done. */
    public TransactionSender confirmations(int blocks) {
        if (blocks < 1) throw new IllegalArgumentException("confirmations must be >= 1, got " + blocks);
        this.confirmations = blocks;
        return this;
    }

    public TransactionSender receiptTimeout(Duration timeout) {
        this.receiptTimeout = java.util.Objects.requireNonNull(timeout, "timeout required");
        return this;
    }

    public String address() {
        return credentials.getAddress();
    }

    public Chain chain() {
        return chain;
    }

    /** Calls {@code function} on {@code to} with {@code value} wei attached; returns the successful receipt. */
    public TransactionReceipt send(String to, Function function, BigInteger value) throws ChainException {
        return send(ContractCall.of(to, function, value));
    }

    /** Sends {@code call} and returns its successful receipt. */
    public TransactionReceipt send(ContractCall call) throws ChainException {
        return submit(call.to(), call.data(), call.value(), call.what());
    }

    /** Deploys creation code (bytecode + encoded constructor arguments); returns the new contract's address. */
    public String deploy(String creationCode, String what) throws ChainException {
        TransactionReceipt r = submit(null, creationCode, BigInteger.ZERO, "deploying " + what);
        String addr = r.getContractAddress();
        if (addr == null) throw new ChainException("deploying " + what + ": receipt " + r.getTransactionHash() + " has no contract address");
        return addr;
    }

    /** Plain ether transfer. */
    public TransactionReceipt transfer(String to, BigInteger wei) throws ChainException {
        return submit(to, "0x", wei, "transfer to " + to);
    }

    /** The fees of an EIP-1559 transaction: at most {@code maxFeePerGas} per gas, of which {@code maxPriorityFeePerGas} is the tip. */
    public record Fees(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {
        public Fees {
            if (maxFeePerGas.compareTo(maxPriorityFeePerGas) < 0) {
                throw new IllegalArgumentException("max fee " + maxFeePerGas + " is below the tip " + maxPriorityFeePerGas);
            }
        }

        /** Both fees raised by {@code percent} (at least 1 wei each), as a node requires of a replacement on the same nonce. */
        public Fees bumped(int percent) {
            return new Fees(raise(maxFeePerGas, percent), raise(maxPriorityFeePerGas, percent));
        }

        private static BigInteger raise(BigInteger fee, int percent) {
            BigInteger up = fee.multiply(BigInteger.valueOf(100L + percent)).divide(BigInteger.valueOf(100));
            return up.max(fee.add(BigInteger.ONE));
        }
    }

    /** Fees for a transaction now: twice the latest base fee plus the node's suggested tip. */
    public Fees fees() throws ChainException {
        Web3j w = chain.web3j();
        BigInteger priority = priorityFee(w);
        BigInteger baseFee = Chain.Rpc.result(w.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false), "eth_getBlockByNumber")
                .getBlock().getBaseFeePerGas();
        return new Fees((baseFee == null ? BigInteger.ZERO : baseFee.shiftLeft(1)).add(priority), priority);
    }

    /**
     * Simulates {@code call} from this sender against the latest state and returns a gas limit for it
     * (the estimate plus a quarter and 10,000); a call that would revert throws the decoded
     * {@link ContractRevertException} instead, before anything is signed.
     */
    public BigInteger simulate(ContractCall call) throws ChainException {
        return gasLimit(call.to(), call.data(), call.value(), call.what());
    }

    /**
     * Signs {@code call} for {@code nonce} without sending it: the raw EIP-1559 bytes, for a caller
     * that stores what it will send before it sends it.
     */
    public byte[] sign(ContractCall call, long nonce, BigInteger gasLimit, Fees fees) {
        RawTransaction tx = RawTransaction.createTransaction(chain.chainId(), BigInteger.valueOf(nonce), gasLimit, call.to(), call.value(),
                call.data(), fees.maxPriorityFeePerGas(), fees.maxFeePerGas());
        return TransactionEncoder.signMessage(tx, chain.chainId(), credentials);
    }

    private BigInteger gasLimit(String to, String data, BigInteger value, String what) throws ChainException {
        Transaction estimate = to == null
                ? Transaction.createContractTransaction(address(), null, null, null, value, data)
                : Transaction.createFunctionCallTransaction(address(), null, null, null, to, value, data);
        BigInteger gas = Chain.Rpc.result(chain.web3j().ethEstimateGas(estimate), what).getAmountUsed();
        return gas.multiply(BigInteger.valueOf(5)).divide(BigInteger.valueOf(4)).add(BigInteger.valueOf(10_000));
    }

    private TransactionReceipt submit(String to, String data, BigInteger value, String what) throws ChainException {
        // Checked before estimating too: some nodes refuse to estimate an unaffordable value with a bare RPC error.
        BigInteger balance = chain.balance(address());
        if (balance.compareTo(value) < 0) throw insufficient(what, balance, value);
        BigInteger gasLimit = gasLimit(to, data, value, what);
        Fees fees = fees();
        BigInteger needed = gasLimit.multiply(fees.maxFeePerGas()).add(value);
        if (balance.compareTo(needed) < 0) throw insufficient(what, balance, needed);
        EthSendTransaction sent;
        try {
            sent = manager.sendEIP1559Transaction(chain.chainId(), fees.maxPriorityFeePerGas(), fees.maxFeePerGas(), gasLimit, to == null ? "" : to,
                    data, value, to == null);
        } catch (IOException e) {
            throw new ChainException(what + ": sending failed: " + e.getMessage(), e);
        }
        if (sent.hasError()) throw Chain.Rpc.revertOrFailure(sent.getError(), what);
        TransactionReceipt receipt = awaitReceipt(sent.getTransactionHash(), what);
        if (!receipt.isStatusOK()) throw replayForReason(to, data, value, receipt, what);
        return receipt;
    }

    private ContractRevertException insufficient(String what, BigInteger balance, BigInteger needed) {
        return new ContractRevertException(what + ": insufficient funds: balance " + Wei.format(balance) + " < needed " + Wei.format(needed)
                + " (value + gas) in " + address(), "InsufficientFunds", java.util.List.of(balance, needed), "0x");
    }

    private BigInteger priorityFee(Web3j w) {
        try {
            var resp = w.ethMaxPriorityFeePerGas().send();
            if (!resp.hasError() && resp.getMaxPriorityFeePerGas() != null) return resp.getMaxPriorityFeePerGas();
        } catch (IOException | RuntimeException e) {
            // not every node implements it; a fixed tip is fine there
        }
        return DEFAULT_PRIORITY_FEE;
    }

    private TransactionReceipt awaitReceipt(String hash, String what) throws ChainException {
        long deadline = System.nanoTime() + receiptTimeout.toNanos();
        long sleepMs = 50;
        while (true) {
            Optional<TransactionReceipt> r = Chain.Rpc.result(chain.web3j().ethGetTransactionReceipt(hash), "eth_getTransactionReceipt " + hash)
                    .getTransactionReceipt();
            if (r.isPresent() && confirmed(r.get())) return r.get();
            if (System.nanoTime() > deadline) {
                throw new ChainException(what + ": transaction " + hash + (r.isPresent() ? " not confirmed by " + confirmations + " blocks" : " not mined")
                        + " within " + receiptTimeout.toSeconds() + " s; it may still be pending: check it before resending");
            }
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChainException(what + ": interrupted while waiting for " + hash, e);
            }
            sleepMs = Math.min(sleepMs * 2, 1_000);
        }
    }

    private boolean confirmed(TransactionReceipt r) throws ChainException {
        if (confirmations == 1) return true;
        return chain.blockNumber().subtract(r.getBlockNumber()).compareTo(BigInteger.valueOf(confirmations - 1L)) >= 0;
    }

    /** Why {@code call}, mined in {@code receipt}, reverted: the decoded custom error, as far as a replay can tell. */
    public ContractRevertException revertReason(ContractCall call, TransactionReceipt receipt) {
        // Replayed on the state after its block: a step another transaction of the same block did
        // first (two keepers settling) then reverts with the reason that says so.
        ContractRevertException after = replayAt(call.to(), call.data(), call.value(), receipt, call.what(), receipt.getBlockNumber());
        return after != null ? after : replayForReason(call.to(), call.data(), call.value(), receipt, call.what());
    }

    /** A mined failure carries no reason; re-running the call at that block recovers the custom error. */
    private ContractRevertException replayForReason(String to, String data, BigInteger value, TransactionReceipt r, String what) {
        ContractRevertException before = replayAt(to, data, value, r, what, r.getBlockNumber().subtract(BigInteger.ONE));
        return before != null ? before : RevertDecoder.shared().decode("0x", what + " (tx " + r.getTransactionHash() + ", mined in block "
                + r.getBlockNumber() + ")");
    }

    /** The decoded revert of the call replayed on the state after {@code block}, or null if it does not revert there or the node cannot say. */
    private ContractRevertException replayAt(String to, String data, BigInteger value, TransactionReceipt r, String what, BigInteger block) {
        try {
            Transaction call = new Transaction(address(), null, null, null, to, value, data);
            EthCall resp = chain.web3j().ethCall(call, DefaultBlockParameter.valueOf(block)).send();
            if (resp.hasError()) {
                String rd = RevertData.extract(resp.getError());
                if (rd != null) return RevertDecoder.shared().decode(rd, what + " (tx " + r.getTransactionHash() + ")");
            }
        } catch (IOException e) {
            // the node could not replay it: the caller falls back
        }
        return null;
    }
}
