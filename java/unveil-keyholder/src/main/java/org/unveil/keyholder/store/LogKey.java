package org.unveil.keyholder.store;

/**
 * A log as the store dedupes it: (block hash, transaction hash, log index) is its identity, the
 * block number is kept so a rewind forgets the logs of the blocks it undoes. The block hash, not the
 * number, is in the key: the same transaction mined again in another block after a reorg is a new
 * log to act on.
 */
public record LogKey(long blockNumber, String blockHash, String txHash, int logIndex) {
    public LogKey {
        if (blockNumber < 0) throw new IllegalArgumentException("block number must be >= 0, got " + blockNumber);
        if (logIndex < 0) throw new IllegalArgumentException("log index must be >= 0, got " + logIndex);
        blockHash = Hex.hash(blockHash, "block hash");
        txHash = Hex.hash(txHash, "transaction hash");
    }
}
