package org.unveil.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.unveil.ipfs.FsBlockStore;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/** Options every {@code unveil ipfs} subcommand shares: where the repo is, and JSON output. */
final class IpfsOptions {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Option(names = "--repo", paramLabel = "DIR",
            description = "The block store directory (default: $UNVEIL_HOME/ipfs, UNVEIL_HOME defaulting to ~/.unveil).")
    Path repo;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    Path repoDir() {
        if (repo != null) return repo;
        String home = System.getenv("UNVEIL_HOME");
        Path base = home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".unveil");
        return base.resolve("ipfs");
    }

    FsBlockStore open() throws IOException {
        return FsBlockStore.open(repoDir());
    }

    /** Prints {@code fields} as JSON, or {@code text} for humans. */
    void print(CommandLine.Model.CommandSpec spec, String text, Map<String, Object> fields) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? JSON.writeValueAsString(fields) : text);
        out.flush();
    }
}
