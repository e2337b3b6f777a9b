package org.unveil.cli;

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
        cl.setExecutionExceptionHandler(new CliErrors.Failures());
        cl.setParameterExceptionHandler(new CliErrors.BadArguments());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // Wider than picocli's 80 columns so option descriptions wrap less; a terminal's own width wins.
        cl.setUsageHelpWidth(100);
        cl.setUsageHelpAutoWidth(true);
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
}
