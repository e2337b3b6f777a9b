package org.unveil.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * A command that only groups subcommands ({@code unveil release ...}): run alone it prints its
 * help, and it lists its subcommands for {@link UnveilCommand#commandLine}.
 */
abstract class CommandGroup implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** The subcommand classes, in the order the group's help lists them. */
    abstract List<Class<?>> subcommands();

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
