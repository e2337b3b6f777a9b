package org.unveil.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.keyholder.config.ConfigException;
import org.unveil.keyholder.config.ConfigLoader;
import org.unveil.keyholder.config.DaemonConfig;
import org.unveil.keyholder.store.Action;
import org.unveil.keyholder.store.HeldRelease;
import org.unveil.keyholder.store.KeyholderStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code unveil keyholder status --config FILE}: what the bot holds, in which state, and what it will do next. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "List the releases a keyholder bot holds: state, journaled actions, next step (reads its state file; works while it runs).")
final class KeyholderStatusCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The daemon's configuration file.")
    Path config;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        DaemonConfig c;
        try {
            c = ConfigLoader.load(config, System.getenv());
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!Files.exists(c.stateFile())) {
            throw new IllegalArgumentException("no state file at " + c.stateFile() + ": the daemon has not run with this configuration yet (`unveil keyholder run --config "
                    + config + "`)");
        }
        List<Map<String, Object>> releases = new ArrayList<>();
        try (KeyholderStore store = KeyholderStore.open(c.stateFile())) {
            for (HeldRelease h : store.releases().all()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("release", h.address());
                r.put("slot", h.slot());
                r.put("state", h.state().label());
                r.put("next", h.next().orElse("not looked at yet"));
                List<String> actions = new ArrayList<>();
                for (Action a : store.journal().forRelease(h.chainId(), h.address())) {
                    actions.add(a.key().kind().name().toLowerCase(Locale.ROOT) + (a.key().round() == 0 ? "" : "#" + a.key().round()) + " "
                            + a.status().name().toLowerCase(Locale.ROOT) + a.reason().map(x -> " (" + x + ")").orElse(""));
                }
                r.put("actions", actions);
                releases.add(r);
            }
        }
        var out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("stateFile", c.stateFile().toString());
            all.put("releases", releases);
            Json.print(out, all);
        } else if (releases.isEmpty()) {
            out.println("no releases held yet (state " + c.stateFile() + ")");
        } else {
            for (Map<String, Object> r : releases) {
                out.println(r.get("release") + "  slot " + r.get("slot") + "  " + r.get("state"));
                out.println("  next: " + r.get("next"));
                @SuppressWarnings("unchecked")
                List<String> actions = (List<String>) r.get("actions");
                for (String a : actions) out.println("  " + a);
            }
        }
        out.flush();
        return 0;
    }
}
