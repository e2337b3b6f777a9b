package org.unveil.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code unveil chain}: deploy Unveil on a chain and manage a keyholder's registry entry. */
@Command(name = "chain", mixinStandardHelpOptions = true,
        description = "Deploy the contracts and manage keyholder registration on a chain.")
final class ChainCommand implements Runnable, CommandGroup {
    static final List<Class<?>> SUBCOMMANDS = List.of(ChainDevnetCommand.class, ChainDeployCommand.class, ChainRegisterCommand.class);

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public List<Class<?>> subcommands() {
        return SUBCOMMANDS;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
