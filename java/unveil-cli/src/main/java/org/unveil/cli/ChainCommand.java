package org.unveil.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code unveil chain}: deploy Unveil on a chain and manage a keyholder's registry entry. */
@Command(name = "chain", mixinStandardHelpOptions = true,
        description = "Deploy the contracts and manage keyholder registration on a chain.")
final class ChainCommand extends CommandGroup {
    static final List<Class<?>> SUBCOMMANDS = List.of(ChainDevnetCommand.class, ChainDeployCommand.class, ChainRegisterCommand.class);

    @Override
    List<Class<?>> subcommands() {
        return SUBCOMMANDS;
    }
}
