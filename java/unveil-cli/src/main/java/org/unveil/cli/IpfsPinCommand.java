package org.unveil.cli;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.FsBlockStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code unveil ipfs pin CID}: keep a DAG through gc (fails if any block is missing). */
@Command(name = "pin", mixinStandardHelpOptions = true,
        description = "Pin a DAG recursively so gc keeps it; fails naming the first missing block.")
final class IpfsPinCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin IpfsOptions options;

    @Parameters(index = "0", paramLabel = "CID", description = "The root CID (from `unveil ipfs add` or `unveil pack`).") String cid;

    @Override
    public Integer call() throws IOException {
        Cid root = Cid.parse(cid);
        try (FsBlockStore store = options.open()) {
            store.pin(root);
        }
        options.print(spec, "pinned " + root, Map.of("cid", root.toString(), "pinned", true));
        return 0;
    }
}
