package org.unveil.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.archive.ArchiveUnpacker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code unveil preview}: extract the plaintext previews (playable media segments) without any key. */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = {"Extract the plaintext previews of an archive, without any key.", "",
            "Verifies the whole archive, then writes the previews into DIR. A whole-file preview keeps its path; a preview "
                + "fragment of a cut file is written as <name>.preview-<fragment>.<ext>."})
final class PreviewCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The archive.")
    Path archive;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (files must not exist yet).")
    Path out;

    @Option(names = "--json", description = "Print the written files as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<Path> written = ArchiveUnpacker.extractPreviews(CliFiles.input(archive), out);
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            Json.print(o, Map.of("previews", written.stream().map(Path::toString).toList()));
        } else {
            if (written.isEmpty()) o.println("this archive has no previews (suspect: nothing can be checked before release)");
            for (Path p : written) o.println(p);
            o.flush();
        }
        return 0;
    }
}
