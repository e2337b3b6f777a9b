package org.unveil.cli;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.FsBlockStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code unveil ipfs unpin CID}: let gc remove a DAG. */
@Command(name = "unpin", mixinStandardHelpOptions = true, description = "Remove a pin; the blocks go at the next gc.")
final class IpfsUnpinCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin IpfsOptions options;

    @Parameters(index = "0", paramLabel = "CID", description = "The root CID (from `unveil ipfs add` or `unveil pack`).") String cid;

    @Override
    public Integer call() throws IOException {
        Cid root = Cid.parse(cid);
        boolean removed;
        try (FsBlockStore store = options.open()) {
            removed = store.unpin(root);
        }
        options.print(spec, removed ? "unpinned " + root : root + " was not pinned",
                Map.of("cid", root.toString(), "unpinned", removed));
        return 0;
    }
}
