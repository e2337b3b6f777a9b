package org.unveil.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code unveil keyholder}: what a keyholder (a human with a wallet, or a bot's operator) does by hand. */
@Command(name = "keyholder", mixinStandardHelpOptions = true,
        description = "Keyholder tasks: derive your per-release key from your wallet.")
final class KeyholderCommand implements Runnable, CommandGroup {
    static final List<Class<?>> SUBCOMMANDS = List.of(KeyholderDeriveCommand.class);

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
