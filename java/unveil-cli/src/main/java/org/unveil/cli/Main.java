package org.unveil.cli;

import picocli.CommandLine;

/** Entry point of the {@code unveil} command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code; tests call this instead of {@link #main}. */
    public static int run(String... args) {
        return UnveilCommand.commandLine(args).execute(args);
    }
}
