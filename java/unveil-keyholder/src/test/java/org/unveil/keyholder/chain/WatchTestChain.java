package org.unveil.keyholder.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.unveil.eth.Chain;
import org.unveil.eth.DevChain;
import org.unveil.keyholder.store.LogKey;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Hardhat node for the watcher's tests and the means to put logs on it: tiny "emitter"
 * contracts that, called with (n, topic0, tag), emit n logs LOG2(topic0, i) carrying the tag, sent
 * as raw transactions (each mined at once into its own block); empty blocks, snapshots and reverts
 * for reorgs; and the node's own eth_getLogs, read directly, as the oracle the watcher must match.
 */
final class WatchTestChain implements AutoCloseable {
    /** The emitter's runtime code: for i in 0..n-1 { LOG2(mem[0..32] = tag, topic0, i) }, hand-assembled. */
    private static final String RUNTIME = "6000356040356000526000" + "5b" + "8181" + "1015" + "602257" + "80" + "602035" + "60206000a2" + "600101" + "600b56" + "5b00";
    /** Creation code: copy the 36-byte runtime to memory and return it. */
    private static final String CREATION = "0x6024" + "80" + "600b" + "6000" + "39" + "6000" + "f3" + RUNTIME;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DevChain dev;
    private final Credentials emitterAccount;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private WatchTestChain(DevChain dev) {
        this.dev = dev;
        this.emitterAccount = dev.account(3);
    }

    static WatchTestChain start() throws IOException {
        return new WatchTestChain(DevChain.start());
    }

    Chain chain() {
        return dev.chain();
    }

    String rpcUrl() {
        return dev.rpcUrl();
    }

    static String topic(String name) {
        return Numeric.toHexString(org.web3j.crypto.Hash.sha3(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    String deployEmitter() throws IOException {
        return dev.chain().sender(dev.account(2)).deploy(CREATION, "log emitter").toLowerCase(java.util.Locale.ROOT);
    }

    long head() throws IOException {
        return dev.chain().blockNumber().longValueExact();
    }

    /** Sends one transaction that makes {@code emitter} emit {@code count} logs with {@code topic0}; mined into a block of its own. */
    void emit(String emitter, int count, String topic0, long tag) throws IOException {
        var w = dev.chain().web3j();
        BigInteger nonce = w.ethGetTransactionCount(emitterAccount.getAddress(), DefaultBlockParameterName.PENDING).send().getTransactionCount();
        String data = word(count) + topic0.substring(2) + word(tag);
        RawTransaction tx = RawTransaction.createTransaction(dev.chain().chainId(), nonce, BigInteger.valueOf(60_000L + 3_000L * count), emitter, BigInteger.ZERO,
                "0x" + data, BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(100_000_000_000L));
        var sent = w.ethSendRawTransaction(Numeric.toHexString(TransactionEncoder.signMessage(tx, emitterAccount))).send();
        if (sent.hasError()) throw new IOException("emitting " + count + " logs: " + sent.getError().getMessage());
    }

    void mine(int blocks) throws IOException {
        dev.mine(blocks);
    }

    String snapshot() throws IOException {
        return rpc("evm_snapshot", "[]").asString();
    }

    void revert(String snapshot) throws IOException {
        if (!rpc("evm_revert", "[\"" + snapshot + "\"]").asBoolean()) throw new IOException("evm_revert " + snapshot + " refused");
    }

    String blockHash(long number) throws IOException {
        return dev.chain().web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false).send().getBlock().getHash();
    }

    /** The oracle: every log of {@code addresses} with one of {@code topic0s} in blocks [from, head], as the node itself lists them. */
    List<LogKey> logs(Set<String> addresses, Set<String> topic0s, long from) throws IOException {
        EthFilter f = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)), DefaultBlockParameterName.LATEST, List.copyOf(addresses));
        f.addOptionalTopics(topic0s.toArray(String[]::new));
        EthLog r = dev.chain().web3j().ethGetLogs(f).send();
        if (r.hasError()) throw new IOException("oracle eth_getLogs: " + r.getError().getMessage());
        List<LogKey> keys = new ArrayList<>();
        for (EthLog.LogResult<?> l : r.getLogs()) {
            Log log = (Log) l.get();
            keys.add(new LogKey(log.getBlockNumber().longValueExact(), log.getBlockHash(), log.getTransactionHash(), log.getLogIndex().intValueExact()));
        }
        return keys;
    }

    private JsonNode rpc(String method, String params) throws IOException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
        try {
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(rpcUrl())).timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(resp.body());
            if (!answer.has("result")) throw new IOException(method + ": " + resp.body());
            return answer.get("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String word(long v) {
        return Numeric.toHexStringNoPrefixZeroPadded(BigInteger.valueOf(v), 64);
    }

    @Override
    public void close() {
        http.close();
        dev.close();
    }
}
