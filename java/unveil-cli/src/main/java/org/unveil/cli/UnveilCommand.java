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
final class UnveilCommand extends CommandGroup {

    /** Every subcommand, in the order `unveil --help` lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(PackCommand.class, InspectCommand.class, PreviewCommand.class, UnpackCommand.class,
            SecretCommand.class, KeyholderCommand.class, IpfsCommand.class, ChainCommand.class, ReleaseCommand.class);

    @Override
    List<Class<?>> subcommands() {
        return SUBCOMMANDS;
    }

    /** The whole command tree (for help and tests). */
    static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command tree for running {@code args}: only the subcommand the arguments name is built.
     * Picocli reads every command's annotations by reflection when it is added, which was most of a
     * one-second cold start with all 35 commands; when {@code args} names no known subcommand at
     * some level, every subcommand of that level is added, so help and "did you mean" still work.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new UnveilCommand());
        boolean versionOnly = args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
        if (!versionOnly) addSubcommands(cl, SUBCOMMANDS, args, 0);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    private static void addSubcommands(CommandLine parent, List<Class<?>> subcommands, String[] args, int depth) {
        String named = depth < args.length ? args[depth] : null;
        List<Class<?>> chosen = subcommands.stream().filter(c -> c.getAnnotation(Command.class).name().equals(named)).toList();
        for (Class<?> c : chosen.isEmpty() ? subcommands : chosen) {
            Object command;
            try {
                command = CommandLine.defaultFactory().create(c);
            } catch (Exception e) {
                throw new IllegalStateException("cannot create command " + c.getName(), e);
            }
            CommandLine child = parent.addSubcommand(command).getSubcommands().get(c.getAnnotation(Command.class).name());
            if (command instanceof CommandGroup g) addSubcommands(child, g.subcommands(), args, chosen.isEmpty() ? Integer.MAX_VALUE : depth + 1);
        }
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
