package org.unveil.cli;

import java.util.List;

/** A command that only groups subcommands ({@code unveil release ...}); it lists them for {@link UnveilCommand#commandLine}. */
interface CommandGroup {
    /** The subcommand classes, in the order the group's help lists them. */
    List<Class<?>> subcommands();
}
