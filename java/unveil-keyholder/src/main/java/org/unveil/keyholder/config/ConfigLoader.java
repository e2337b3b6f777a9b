package org.unveil.keyholder.config;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.unveil.eth.Wei;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Reads a {@link DaemonConfig}: the defaults (the example file shipped with the daemon, so the
 * documented defaults are the real ones), then the operator's TOML file, then environment
 * variables {@code UNVEIL_KEYHOLDER_<SECTION>_<KEY>}. Every key is known: a misspelt one is an
 * error, not silently ignored. Secrets are taken only from files; an environment variable that
 * looks like one is refused.
 */
public final class ConfigLoader {
    public static final String ENV_PREFIX = "UNVEIL_KEYHOLDER_";
    private static final String EXAMPLE = "keyholder.example.toml";
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|min|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|TiB)?");
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private ConfigLoader() {}

    /** The example configuration, with every key and its default, for people to start from. */
    public static String example() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(EXAMPLE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the daemon's example configuration " + EXAMPLE + " is missing from its jar", e);
        }
    }

    /** Reads {@code file} over the defaults, then {@code env} over both. */
    public static DaemonConfig load(Path file, Map<String, String> env) throws ConfigException {
        Map<String, Object> values = flatten(parse(example(), "the built-in defaults"), "");
        Map<String, Object> fromFile;
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("no configuration file at " + file + "; write one starting from `unveil keyholder run --print-example-config > " + file.getFileName() + "`");
        }
        try {
            fromFile = flatten(parse(Files.readString(file), file.toString()), "");
        } catch (IOException e) {
            throw new ConfigException("cannot read the configuration file " + file + ": " + e.getMessage()
                    + "; write one starting from `unveil keyholder run --print-example-config`", e);
        }
        for (var e : fromFile.entrySet()) {
            if (!values.containsKey(e.getKey())) throw new ConfigException(file + ": unknown key " + e.getKey() + "; known keys: " + String.join(", ", values.keySet()));
            values.put(e.getKey(), e.getValue());
        }
        Map<String, String> origin = new LinkedHashMap<>();
        for (String k : values.keySet()) origin.put(k, fromFile.containsKey(k) ? file + ": " + k : "default " + k);
        for (var e : env.entrySet()) {
            if (!e.getKey().startsWith(ENV_PREFIX)) continue;
            String name = e.getKey().substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
            if (name.contains("password") || name.contains("secret") || name.contains("private") || name.equals("wallet_key")) {
                throw new ConfigException("environment variable " + e.getKey() + " looks like a secret; secrets are read only from files: put it in the file "
                        + "[wallet] password_file names, and unset the variable");
            }
            String key = envKey(name, values);
            if (key == null) throw new ConfigException("environment variable " + e.getKey() + " names no configuration key; known: "
                    + String.join(", ", values.keySet().stream().map(k -> ENV_PREFIX + k.replace('.', '_').toUpperCase(Locale.ROOT)).toList()));
            values.put(key, e.getValue());
            origin.put(key, "environment " + e.getKey());
        }
        Path base = file.toAbsolutePath().getParent();
        return new Reader(values, origin, base).config();
    }

    private static JsonNode parse(String toml, String where) throws ConfigException {
        try {
            return new TomlMapper().readTree(toml);
        } catch (JacksonException e) {
            throw new ConfigException(where + " is not valid TOML: " + e.getOriginalMessage(), e);
        }
    }

    /** "chain.rpc" -> value; a top-level key keeps its name ("data_dir"). */
    private static Map<String, Object> flatten(JsonNode node, String prefix) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : node.properties()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                out.putAll(flatten(v, key));
            } else if (v.isArray()) {
                List<String> items = new ArrayList<>();
                for (JsonNode item : v) items.add(item.asString());
                out.put(key, items);
            } else {
                out.put(key, v.isNumber() ? v.numberValue() : v.asString());
            }
        }
        return out;
    }

    private static String envKey(String name, Map<String, Object> values) {
        for (String k : values.keySet()) if (k.replace('.', '_').equals(name)) return k;
        return null;
    }

    /** Turns the merged values into typed settings, each error naming where the value came from. */
    private record Reader(Map<String, Object> values, Map<String, String> origin, Path base) {
        DaemonConfig config() throws ConfigException {
            DaemonConfig.Chain chain = new DaemonConfig.Chain(uri("chain.rpc"), positiveLong("chain.chain_id"), address("chain.factory"),
                    nonNegativeLong("chain.start_block"), duration("chain.poll_interval"), finalityDepth(), finalizedTag(), (int) positiveLong("chain.max_log_range"));
            if (chain.factory().equals("0x0000000000000000000000000000000000000000")) {
                throw new ConfigException(where("chain.factory") + " is the zero address: set it to the ReleaseFactory the bot serves (printed by `unveil chain deploy`)");
            }
            DaemonConfig.Wallet wallet = new DaemonConfig.Wallet(path("wallet.keystore"), path("wallet.password_file"));
            URI publicUrl = uri("http.public_url");
            DaemonConfig.Http http = new DaemonConfig.Http(hostPort("http.listen"), publicUrl, (int) positiveLong("http.threads"), bool("http.fetch_from_gateways"));
            List<String> tokens = addresses("terms.tokens");
            if (!tokens.equals(List.of("0x0000000000000000000000000000000000000000"))) {
                throw new ConfigException(where("terms.tokens") + " = " + tokens + ": this version enrols only in releases paid in ETH (token deposits need an approval "
                        + "it does not journal yet); set tokens = [\"0x0000000000000000000000000000000000000000\"]");
            }
            DaemonConfig.Terms terms = new DaemonConfig.Terms(amount("terms.min_deposit"), amount("terms.max_deposit"), amount("terms.min_fee_per_slot"),
                    duration("terms.min_reveal_window"), duration("terms.max_reveal_window"), size("terms.max_archive_bytes"), tokens,
                    (int) positiveLong("terms.max_slots"), duration("terms.max_lock"), duration("terms.min_time_to_enrol"));
            if (terms.minDeposit().compareTo(terms.maxDeposit()) > 0) {
                throw new ConfigException(where("terms.min_deposit") + " is above " + where("terms.max_deposit") + ": make min_deposit <= max_deposit");
            }
            if (terms.minRevealWindow().compareTo(terms.maxRevealWindow()) > 0) {
                throw new ConfigException(where("terms.min_reveal_window") + " is longer than " + where("terms.max_reveal_window") + ": make min <= max");
            }
            long percent = positiveLong("gas.bump_percent");
            if (percent < 10 || percent > 100) throw new ConfigException(where("gas.bump_percent") + " = " + percent + ": give 10 to 100 (nodes want >= 10 for a replacement)");
            DaemonConfig.Gas gas = new DaemonConfig.Gas(amount("gas.max_fee_per_gas"), duration("gas.bump_after"), (int) percent);
            if (gas.maxFeePerGas().signum() <= 0) throw new ConfigException(where("gas.max_fee_per_gas") + " must be above 0, e.g. \"500gwei\"");
            return new DaemonConfig(path("data_dir"), chain, wallet, http, terms, gas);
        }

        private String where(String key) {
            return origin.get(key);
        }

        private String text(String key) {
            Object v = values.get(key);
            return v == null ? "" : v.toString().trim();
        }

        private ConfigException bad(String key, String want) {
            return new ConfigException(where(key) + " = \"" + text(key) + "\" is not valid: " + want);
        }

        private URI uri(String key) throws ConfigException {
            String t = text(key);
            if (!t.startsWith("http://") && !t.startsWith("https://")) throw bad(key, "give an http:// or https:// URL");
            try {
                return URI.create(t);
            } catch (IllegalArgumentException e) {
                throw bad(key, "give an http:// or https:// URL (" + e.getMessage() + ")");
            }
        }

        private long nonNegativeLong(String key) throws ConfigException {
            try {
                long v = Long.parseLong(text(key));
                if (v < 0) throw bad(key, "give a whole number >= 0");
                return v;
            } catch (NumberFormatException e) {
                throw bad(key, "give a whole number >= 0");
            }
        }

        private long positiveLong(String key) throws ConfigException {
            long v = nonNegativeLong(key);
            if (v == 0) throw bad(key, "give a whole number >= 1");
            return v;
        }

        private String address(String key) throws ConfigException {
            String t = text(key);
            if (!ADDRESS.matcher(t).matches()) throw bad(key, "give 0x and 40 hex digits");
            return t.toLowerCase(Locale.ROOT);
        }

        private List<String> addresses(String key) throws ConfigException {
            if (!(values.get(key) instanceof List<?> list) || list.isEmpty()) throw bad(key, "give a list of addresses, e.g. [\"0x0000000000000000000000000000000000000000\"]");
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                if (!ADDRESS.matcher(String.valueOf(o)).matches()) throw bad(key, "every entry must be 0x and 40 hex digits");
                out.add(String.valueOf(o).toLowerCase(Locale.ROOT));
            }
            return out;
        }

        private Path path(String key) throws ConfigException {
            String t = text(key);
            if (t.isEmpty()) throw bad(key, "give a file path");
            Path p = Path.of(t);
            return p.isAbsolute() ? p : base.resolve(p).normalize();
        }

        private Duration duration(String key) throws ConfigException {
            Matcher m = DURATION.matcher(text(key));
            if (!m.matches()) throw bad(key, "give a duration such as \"500ms\", \"2s\", \"5m\", \"1h\" or \"90d\"");
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m", "min" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }

        private long size(String key) throws ConfigException {
            Matcher m = SIZE.matcher(text(key));
            if (!m.matches()) throw bad(key, "give a size such as \"512MiB\", \"4GiB\" or a number of bytes");
            int shift = switch (m.group(2) == null ? "B" : m.group(2)) {
                case "KiB" -> 10;
                case "MiB" -> 20;
                case "GiB" -> 30;
                case "TiB" -> 40;
                default -> 0;
            };
            long v = Long.parseLong(m.group(1)) << shift;
            if (v < 1) throw bad(key, "give at least 1 byte");
            return v;
        }

        private BigInteger amount(String key) throws ConfigException {
            try {
                return Wei.parse(text(key));
            } catch (IllegalArgumentException e) {
                throw bad(key, "give an amount such as \"0.5eth\", \"20gwei\" or a whole number of wei");
            }
        }

        private InetSocketAddress hostPort(String key) throws ConfigException {
            String t = text(key);
            int colon = t.lastIndexOf(':');
            if (colon <= 0) throw bad(key, "give host:port, e.g. \"127.0.0.1:8700\" (port 0 picks a free one)");
            try {
                int port = Integer.parseInt(t.substring(colon + 1));
                if (port < 0 || port > 65535) throw bad(key, "the port must be 0..65535");
                return new InetSocketAddress(t.substring(0, colon), port);
            } catch (NumberFormatException e) {
                throw bad(key, "give host:port, e.g. \"127.0.0.1:8700\"");
            }
        }

        private boolean bool(String key) throws ConfigException {
            String t = text(key);
            if (t.equals("true")) return true;
            if (t.equals("false")) return false;
            throw bad(key, "give true or false");
        }

        private int finalityDepth() throws ConfigException {
            String t = text("chain.finality");
            if (t.equals("finalized")) return 0;
            try {
                int v = Integer.parseInt(t);
                if (v < 1) throw bad("chain.finality", "give a number of blocks >= 1, or \"finalized\"");
                return v;
            } catch (NumberFormatException e) {
                throw bad("chain.finality", "give a number of blocks >= 1, or \"finalized\"");
            }
        }

        private boolean finalizedTag() {
            return text("chain.finality").equals("finalized");
        }
    }
}
