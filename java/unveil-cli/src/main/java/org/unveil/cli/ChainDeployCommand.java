package org.unveil.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.eth.Chain;
import org.unveil.eth.ContractArtifacts;
import org.unveil.eth.ContractsSetup;
import org.unveil.eth.Deployer;
import org.unveil.eth.Deployment;
import org.unveil.eth.RepositoryRoot;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code unveil chain deploy}: deploys the factory (which deploys the release implementation and the registry). */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Deploy ReleaseFactory (with its Release implementation and KeyholderRegistry) from contracts/artifacts.")
final class ChainDeployCommand implements Callable<Integer> {
    @Mixin ChainOptions chain;

    @Option(names = "--owner", paramLabel = "ADDRESS", description = "Owner of the token allow-list (default: the deployer).")
    String owner;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the addresses as JSON to FILE (atomically).")
    Path out;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ContractsSetup.ensure(RepositoryRoot.find()); // a fresh clone has no compiled contracts yet
        try (Chain c = chain.connect()) {
            var sender = chain.sender(c);
            Deployment d = Deployer.deploy(sender, ContractArtifacts.fromRepository(), owner == null ? sender.address() : owner);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("chainId", d.chainId());
            m.put("factory", d.factory());
            m.put("registry", d.registry());
            m.put("releaseImplementation", d.releaseImplementation());
            m.put("releaseViews", d.releaseViews());
            if (out != null) writeAtomically(out, tools.jackson.databind.json.JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n");
            PrintWriter w = spec.commandLine().getOut();
            if (chain.json) {
                Json.print(w, m);
            } else {
                w.printf("chain      %d%nfactory    %s%nregistry   %s%nrelease implementation %s%nrelease views %s%n", d.chainId(), d.factory(),
                        d.registry(), d.releaseImplementation(), d.releaseViews());
                w.flush();
            }
        }
        return 0;
    }

    /** Temp file in the same directory, fsync, rename: a reader never sees half a file. */
    static void writeAtomically(Path target, String content) throws java.io.IOException {
        org.unveil.io.AtomicFiles.write(target, content.getBytes(StandardCharsets.UTF_8), false);
    }
}
