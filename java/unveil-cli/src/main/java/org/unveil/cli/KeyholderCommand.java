package org.unveil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code unveil keyholder}: what a keyholder (a human with a wallet, or a bot's operator) does by hand. */
@Command(name = "keyholder", mixinStandardHelpOptions = true,
        description = "Keyholder tasks: derive your per-release key from your wallet.",
        subcommands = {KeyholderDeriveCommand.class})
final class KeyholderCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
