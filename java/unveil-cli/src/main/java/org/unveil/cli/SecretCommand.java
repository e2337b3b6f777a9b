package org.unveil.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.archive.AgeIdentity;
import org.unveil.archive.ArchiveReader;
import org.unveil.archive.FragmentKeys;
import org.unveil.archive.Manifest;
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

    /** {@code unveil secret age-identity}: the age identities that stock age tools decrypt fragments with. */
    @Command(name = "age-identity", mixinStandardHelpOptions = true,
            description = {"Print the age identities (AGE-SECRET-KEY-1...) that decrypt the encrypted fragments.", "",
                "Each encrypted fragment has its own key, derived from s; the archive tells how many there are. The output is an age identity file "
                + "with one identity per encrypted fragment (comment lines name each), and stock age tries every one "
                + "(unveil secret age-identity --secret-file s --archive a.tar > id.txt; age -d -i id.txt files/000001/000001.age). "
                + "--fragment E prints only encrypted fragment E's (numbered 0.. over the files in order, previews skipped; unveil inspect lists them)."})
    static final class AgeIdentityCommand implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--secret-file", required = true, paramLabel = "FILE", description = "The secret file written by pack.")
        Path secretFile;

        @Option(names = "--archive", required = true, paramLabel = "FILE", description = "The archive (only its manifest is read): it tells how many encrypted fragments there are.")
        Path archive;

        @Option(names = "--fragment", paramLabel = "E", description = "Only encrypted fragment E's identity.")
        Integer fragment;

        @Option(names = "--json", description = "Print each fragment's index, file, key address, recipient and identity as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Manifest m = ArchiveReader.readManifest(CliFiles.input(archive));
            ReleaseSecret s = SecretFiles.releaseSecret(CliFiles.input(secretFile));
            try {
                if (!java.util.HexFormat.of().formatHex(s.publicKey()).equals(m.secret().publicKey())) {
                    throw new IllegalArgumentException("the secret in " + secretFile + " does not belong to " + archive + " (its S is not the manifest's "
                            + m.secret().publicKey() + "); give the secret file pack wrote with this archive");
                }
                List<Manifest.EncryptedFragment> all = m.encryptedFragments();
                if (fragment != null && (fragment < 0 || fragment >= all.size())) {
                    throw new IllegalArgumentException("--fragment " + fragment + " does not exist: " + archive + " has " + all.size()
                            + " encrypted fragment(s), 0.." + (all.size() - 1));
                }
                List<Manifest.EncryptedFragment> chosen = fragment == null ? all : List.of(all.get(fragment));
                List<Object> rows = new ArrayList<>();
                PrintWriter o = spec.commandLine().getOut();
                if (!json) o.println("# unveil release secret " + m.secret().address() + ": " + chosen.size() + " of " + all.size() + " fragment identities");
                for (Manifest.EncryptedFragment f : chosen) {
                    FragmentKeys k = FragmentKeys.derive(s, f.index());
                    AgeIdentity id = k.ageIdentity();
                    try {
                        if (!k.keyAddress().equals(f.keyAddress())) {
                            throw new IllegalStateException("encrypted fragment " + f.index() + "'s keyAddress " + f.keyAddress() + " is not the one s derives ("
                                    + k.keyAddress() + "); the archive was not packed by a conforming packer");
                        }
                        String file = f.path() + " fragment " + f.fragmentIndex() + ", bytes " + f.offset() + ".." + (f.offset() + f.size());
                        if (json) {
                            Map<String, Object> r = new LinkedHashMap<>();
                            r.put("fragment", f.index());
                            r.put("file", f.path());
                            r.put("fileFragment", f.fragmentIndex());
                            r.put("entry", f.entryName());
                            r.put("keyAddress", f.keyAddress());
                            r.put("recipient", id.recipient());
                            r.put("identity", id.encoded());
                            rows.add(r);
                        } else {
                            o.println("# fragment " + f.index() + ": " + f.entryName() + " (" + file + "), recipient " + id.recipient());
                            o.println(id.encoded());
                        }
                    } finally {
                        id.destroy();
                        k.destroy();
                    }
                }
                if (json) Json.print(o, Map.of("fragments", rows));
                o.flush();
                return 0;
            } finally {
                s.destroy();
            }
        }
    }
}
