package org.unveil.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.unveil.eth.ReleaseClient;
import org.unveil.release.FetchedArchive;
import org.unveil.release.Gateways;
import org.unveil.release.Keyholder;
import picocli.CommandLine.Option;

/** Where a keyholder's command finds the release's archive: a file ({@code --archive}) or trustless gateways ({@code --gateway}), one of them. */
final class ArchiveSource {
    @Option(names = "--archive", paramLabel = "FILE", description = "The release's archive file.")
    Path archive;

    @Option(names = "--gateway", paramLabel = "URL", split = ",",
            description = "Instead of --archive: fetch the archive by the CID the release records from these trustless gateways (tried in order), every block verified.")
    List<String> gateways;

    /** The archive, fetched to a temporary file when gateways are given (closing deletes that copy). */
    FetchedArchive open(ReleaseClient release) throws IOException {
        return Keyholder.archive(release, archive == null ? null : CliFiles.input(archive), gateways == null ? null : Gateways.of(gateways));
    }
}
