package org.unveil.keyholder.chain;

import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.unveil.eth.ChainException;
import org.unveil.keyholder.store.BlockRef;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The three questions the watcher asks a node (its head, a block's hash, the logs of a range), each
 * repeated after a transient fault with {@link Backoff} up to the attempt limit. Everything the node
 * can do wrong ends here as a retry, a {@link RangeTooLarge} for the caller to halve, or a
 * {@link ChainException} that says what the node did.
 */
final class NodeReader {
    /** eth_getLogs refused this range as too large: ask again for a smaller one. */
    static final class RangeTooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        RangeTooLarge(String message) {
            super(message, null, false, false);
        }
    }

    @FunctionalInterface
    private interface Request<T> {
        T send() throws Exception;
    }

    private final Web3j web3j;
    private final String node;
    private final Backoff backoff;
    private final int maxAttempts;
    private final WatchCounters counters;

    NodeReader(Web3j web3j, String rpcUrl, Backoff backoff, int maxAttempts, WatchCounters counters) {
        this.web3j = web3j;
        this.node = redacted(rpcUrl);
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.counters = counters;
    }

    String node() {
        return node;
    }

    long head() throws ChainException {
        return ask("eth_blockNumber", () -> {
            var r = web3j.ethBlockNumber().send();
            return checked(r, false).getBlockNumber().longValueExact();
        });
    }

    /** The node's block at {@code number}; empty when it has none there (yet). */
    Optional<BlockRef> block(long number) throws ChainException {
        return ask("eth_getBlockByNumber " + number, () -> {
            var r = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false).send();
            EthBlock.Block b = checked(r, false).getBlock();
            if (b == null) return Optional.<BlockRef>empty();
            if (b.getNumber() == null || b.getNumber().longValueExact() != number) throw RpcFailure.malformed("block " + number + " (it sent block " + b.getNumber() + ")");
            return Optional.of(new BlockRef(number, b.getHash()));
        });
    }

    /** The logs of blocks [from, to] matching {@code filter}, ordered by block and log index; logs flagged removed are left out. */
    List<ChainLog> logs(LogFilter filter, long from, long to) throws ChainException, RangeTooLarge {
        return retrying("eth_getLogs of blocks " + from + ".." + to, true, () -> {
            EthLog r = checked(web3j.ethGetLogs(filter.between(from, to)).send(), true);
            if (r.getLogs() == null) throw RpcFailure.malformed("a result");
            List<ChainLog> logs = new ArrayList<>();
            for (EthLog.LogResult<?> result : r.getLogs()) {
                if (!(result.get() instanceof Log log)) throw RpcFailure.malformed("log objects (it sent hashes)");
                if (log.isRemoved()) continue;
                ChainLog c = decode(log);
                if (c.blockNumber() < from || c.blockNumber() > to) throw RpcFailure.malformed("logs inside the range (one is in block " + c.blockNumber() + ")");
                if (filter.matches(c)) logs.add(c);
            }
            logs.sort(Comparator.comparingLong(ChainLog::blockNumber).thenComparingInt(ChainLog::logIndex));
            return logs;
        });
    }

    private static ChainLog decode(Log log) throws RpcFailure {
        if (log.getBlockNumber() == null || log.getLogIndex() == null || log.getBlockHash() == null || log.getTransactionHash() == null) {
            throw RpcFailure.malformed("a mined log's block, hash and index");
        }
        return new ChainLog(log.getAddress(), log.getTopics(), log.getData(), log.getBlockNumber().longValueExact(), log.getBlockHash(),
                log.getTransactionHash(), log.getLogIndex().intValueExact());
    }

    private static <R extends Response<?>> R checked(R response, boolean logQuery) throws RpcFailure {
        if (response == null) throw RpcFailure.malformed("a body");
        if (response.hasError()) throw RpcFailure.of(response.getError(), logQuery);
        return response;
    }

    /** A request that is not a range query: the node has no reason to refuse it as too large. */
    private <T> T ask(String what, Request<T> request) throws ChainException {
        try {
            return retrying(what, false, request);
        } catch (RangeTooLarge impossible) {
            throw new IllegalStateException(what + " was refused as a range too large", impossible);
        }
    }

    private <T> T retrying(String what, boolean logQuery, Request<T> request) throws ChainException, RangeTooLarge {
        for (int attempt = 1; ; attempt++) {
            RpcFailure failure;
            try {
                return request.send();
            } catch (RpcFailure f) {
                failure = f;
            } catch (Exception e) {
                failure = RpcFailure.of(e, logQuery);
            }
            switch (failure.kind()) {
                case RANGE_TOO_LARGE -> throw new RangeTooLarge(what + " at " + node + " was refused: the node answered " + failure.getMessage());
                case FATAL -> throw new ChainException(what + " at " + node + " failed: the node answered " + failure.getMessage()
                        + "; a retry will not help: check the RPC URL, its API key and that the node serves this method", failure);
                case TRANSIENT -> {
                    if (attempt >= maxAttempts) {
                        throw new ChainException(what + " at " + node + " failed " + attempt + " times; the last time the node sent "
                                + failure.getMessage() + ". Nothing of this poll was committed; poll again later or check the node", failure);
                    }
                }
            }
            counters.retried();
            pause(backoff.delayMillis(attempt), what);
        }
    }

    private void pause(long millis, String what) throws ChainException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainException("interrupted while waiting to retry " + what + " at " + node, e);
        }
    }

    /** Scheme, host and port only: a provider URL often carries the API key in its path or query. */
    static String redacted(String rpcUrl) {
        try {
            URI u = URI.create(rpcUrl);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        } catch (IllegalArgumentException e) {
            return "the configured node";
        }
    }
}
