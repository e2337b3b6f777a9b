package org.unveil.ipfs.gateway;

import java.io.Closeable;
import org.unveil.ipfs.BlockSink;
import org.unveil.ipfs.BlockSource;

/** Where one download attempt keeps the blocks it has verified. */
interface BlockCache extends BlockSource, BlockSink, Closeable {}
