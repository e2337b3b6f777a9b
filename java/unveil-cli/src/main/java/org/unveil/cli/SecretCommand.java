package org.unveil.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.archive.AgeIdentity;
import org.unveil.archive.keys.ReleaseSecret;
import org.unveil.release.SecretFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code unveil secret}: tools around the release secret s. */
@Command(name = "secret", mixinStandardHelpOptions = true, description = "Work with a release secret file (the artist's copy of s).")
final class SecretCommand extends CommandGroup {
    static final List<Class<?>> SUBCOMMANDS = List.of(SecretCommand.AgeIdentityCommand.class);

    @Override
    List<Class<?>> subcommands() {
        return SUBCOMMANDS;
    }

    /** {@code unveil secret age-identity}: the age identity that stock age tools decrypt fragments with. */
    @Command(name = "age-identity", mixinStandardHelpOptions = true,
            description = {"Print the age identity (AGE-SECRET-KEY-1...) that decrypts every fragment.", "",
                "It is derived from s, so that stock age tools can decrypt any fragment "
                + "(unveil secret age-identity --secret-file s > id.txt; age -d -i id.txt fragment.age)."})
    static final class AgeIdentityCommand implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--secret-file", required = true, paramLabel = "FILE", description = "The secret file written by pack.")
        Path secretFile;

        @Option(names = "--json", description = "Print identity and recipient as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            ReleaseSecret s = SecretFiles.releaseSecret(CliFiles.input(secretFile));
            AgeIdentity id = AgeIdentity.fromSecret(s);
            try {
                if (json) {
                    Json.print(spec.commandLine().getOut(), Map.of("identity", id.encoded(), "recipient", id.recipient()));
                } else {
                    spec.commandLine().getOut().println(id.encoded());
                    spec.commandLine().getOut().flush();
                }
                return 0;
            } finally {
                id.destroy();
                s.destroy();
            }
        }
    }
}
