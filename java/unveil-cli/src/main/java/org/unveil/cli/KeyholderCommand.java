package org.unveil.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code unveil keyholder}: what a keyholder (a human with a wallet, or a bot's operator) does by hand. */
@Command(name = "keyholder", mixinStandardHelpOptions = true,
        description = "Keyholder tasks: run the keyholder bot, see what it holds, derive your per-release key from your wallet.")
final class KeyholderCommand extends CommandGroup {
    static final List<Class<?>> SUBCOMMANDS = List.of(KeyholderRunCommand.class, KeyholderStatusCommand.class, KeyholderDeriveCommand.class);

    @Override
    List<Class<?>> subcommands() {
        return SUBCOMMANDS;
    }
}
