package org.unveil.eth;

/** Where Unveil's contracts live on one chain. */
public record Deployment(long chainId, String factory, String registry, String releaseImplementation, String releaseViews) {}
