package org.unveil.ipfs;

/** What a blockstore garbage collection removed. */
public record GcResult(long removedBlocks, long freedBytes) {
}
