package org.unveil.eth;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Back-fills logs of one contract over a block range in chunks. Public endpoints cap the range or
 * the result count of {@code eth_getLogs}; on such a refusal the chunk is halved and retried, so
 * the reader works against any of them, at the cost of more requests.
 */
final class EventLogReader {
    static final int DEFAULT_CHUNK = 2_000;
    private final Chain chain;
    private int chunk;
    private int requests;

    EventLogReader(Chain chain, int chunk) {
        if (chunk < 1) throw new IllegalArgumentException("chunk must be >= 1 block, got " + chunk);
        this.chain = chain;
        this.chunk = chunk;
    }

    /** All logs of {@code address} in blocks [from, to], in chain order; removed (reorged) logs are dropped. */
    List<Log> logs(String address, BigInteger from, BigInteger to) throws ChainException {
        List<Log> out = new ArrayList<>();
        BigInteger start = from;
        while (start.compareTo(to) <= 0) {
            BigInteger end = start.add(BigInteger.valueOf(chunk - 1L)).min(to);
            EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(start), DefaultBlockParameter.valueOf(end), address);
            EthLog resp;
            try {
                requests++;
                resp = chain.web3j().ethGetLogs(filter).send();
            } catch (IOException e) {
                throw new ChainException("eth_getLogs " + address + " blocks " + start + ".." + end + " failed: " + e.getMessage(), e);
            }
            if (resp.hasError()) {
                String msg = resp.getError().getMessage().toLowerCase(Locale.ROOT);
                boolean capped = msg.contains("limit") || msg.contains("range") || msg.contains("too many") || msg.contains("exceed");
                if (capped && chunk > 1) {
                    chunk = Math.max(1, chunk / 2);
                    continue;
                }
                throw new ChainException("eth_getLogs " + address + " blocks " + start + ".." + end + " failed: " + resp.getError().getMessage());
            }
            for (EthLog.LogResult<?> r : resp.getLogs()) {
                Log log = (Log) r.get();
                if (!log.isRemoved()) out.add(log);
            }
            start = end.add(BigInteger.ONE);
        }
        return out;
    }

    /** How many eth_getLogs requests were made (tests check the chunking). */
    int requests() {
        return requests;
    }

    int chunk() {
        return chunk;
    }
}
