package org.unveil.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Prints what on-chain commands did: one line per transaction, or one JSON object. */
final class ChainReceipts {
    private ChainReceipts() {}

    static Map<String, Object> describe(String action, TransactionReceipt r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", action);
        m.put("tx", r.getTransactionHash());
        m.put("block", r.getBlockNumber());
        m.put("gasUsed", r.getGasUsed());
        return m;
    }

    static void print(PrintWriter out, boolean json, Map<String, Object> result, List<Map<String, Object>> txs) {
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>(result);
            all.put("transactions", txs);
            Json.print(out, all);
            return;
        }
        for (Map<String, Object> tx : txs) {
            out.printf("%-16s tx %s (block %s, gas %s)%n", tx.get("action"), tx.get("tx"), tx.get("block"), tx.get("gasUsed"));
        }
        result.forEach((k, v) -> out.printf("%-16s %s%n", k, v));
        out.flush();
    }
}
