package org.unveil.cli;

import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import picocli.CommandLine.Option;

/** The {@code --release ADDRESS} option of the commands that act on one release. */
final class ReleaseTarget {
    @Option(names = "--release", required = true, paramLabel = "ADDRESS", description = "The release contract.")
    String release;

    ReleaseClient client(Chain chain) {
        return ReleaseClient.at(chain, release);
    }
}
