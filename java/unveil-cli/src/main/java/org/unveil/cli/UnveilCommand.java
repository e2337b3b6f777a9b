package org.unveil.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top-level {@code unveil} command. Subcommands are one class each, grouped by role;
 * {@link #SUBCOMMANDS} is the one place they are registered.
 */
@Command(name = "unveil", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Decentralized, crowd-funded media releases: pack, inspect, unlock, and drive releases on chain.")
final class UnveilCommand implements Runnable {

    /** Every subcommand, in the order `unveil --help` lists them. */
    static final List<Object> SUBCOMMANDS = List.of(PackCommand.class, InspectCommand.class, PreviewCommand.class, UnpackCommand.class, SecretCommand.class, new KeyholderCommand(), new IpfsCommand(), new ChainCommand(), new ReleaseCommand());

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new UnveilCommand());
        for (Object sub : SUBCOMMANDS) cl.addSubcommand(sub);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** Typed failures print one clear line (no stack trace) and exit 1; bugs keep their trace. */
    static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
            PrintWriter err = cl.getErr();
            if (ex instanceof java.io.IOException || ex instanceof IllegalArgumentException
                    || ex instanceof java.security.GeneralSecurityException || ex instanceof IllegalStateException) {
                err.println("unveil: " + ex.getMessage());
                if (System.getenv("UNVEIL_DEBUG") != null) ex.printStackTrace(err);
            } else {
                ex.printStackTrace(err);
            }
            err.flush();
            return 1;
        }
    }
}
