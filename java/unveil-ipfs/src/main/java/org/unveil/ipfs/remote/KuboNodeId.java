package org.unveil.ipfs.remote;

import java.util.List;

/** What a kubo node says about itself in {@code /api/v0/id}. */
public record KuboNodeId(String peerId, String agentVersion, List<String> addresses) {}
