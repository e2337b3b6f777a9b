package org.unveil.ipfs.gateway;

import java.net.URI;
import java.time.Duration;

/** A verified download: which gateway delivered it, the file size (0 for {@code fetchDag}), blocks and time. */
public record FetchResult(URI gateway, long fileBytes, long blocks, long blockBytes, Duration elapsed) {}
