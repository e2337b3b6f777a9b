package org.unveil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code unveil chain}: deploy Unveil on a chain and manage a keyholder's registry entry. */
@Command(name = "chain", mixinStandardHelpOptions = true,
        description = "Deploy the contracts and manage keyholder registration on a chain.",
        subcommands = {ChainDevnetCommand.class, ChainDeployCommand.class, ChainRegisterCommand.class})
final class ChainCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
