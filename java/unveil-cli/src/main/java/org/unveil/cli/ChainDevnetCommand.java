package org.unveil.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.unveil.eth.DevAccounts;
import org.unveil.eth.DevChain;
import org.unveil.eth.RepositoryRoot;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code unveil chain devnet}: a local chain for demos and development. Starts a Hardhat node on
 * 127.0.0.1, deploys Unveil, prints the addresses and the funded dev keys, and runs until
 * interrupted (Ctrl-C stops the node and everything it started).
 */
@Command(name = "devnet", mixinStandardHelpOptions = true,
        description = "Start a local Hardhat chain with Unveil deployed; prints addresses and the (public, test-only) dev keys. Ctrl-C stops it.")
final class ChainDevnetCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8545", paramLabel = "PORT", description = "JSON-RPC port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the addresses, RPC URL and dev keys as JSON to FILE.")
    Path out;

    @Option(names = "--json", description = "Print the same JSON on standard output.")
    boolean json;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DevChain chain = DevChain.start(RepositoryRoot.find(), port);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            chain.close();
            stopped.countDown();
        }, "unveil-devnet-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Map<String, Object> info = describe(chain);
        if (out != null) ChainDeployCommand.writeAtomically(out, tools.jackson.databind.json.JsonMapper.shared().writeValueAsString(info) + "\n");
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            Json.print(w, info);
        } else {
            w.printf("Unveil devnet at %s (chain %d)%nfactory  %s%nregistry %s%n%nDev accounts (public test keys: never use them elsewhere):%n", chain.rpcUrl(),
                    chain.chain().chainId(), chain.deployment().factory(), chain.deployment().registry());
            for (int i = 0; i < DevAccounts.COUNT; i++) {
                Credentials c = chain.account(i);
                w.printf("  #%-2d %s %s%n", i, c.getAddress(), privateKeyHex(c));
            }
            w.println("\nPress Ctrl-C to stop.");
            w.flush();
        }
        stopped.await();
        return 0;
    }

    private static Map<String, Object> describe(DevChain chain) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rpc", chain.rpcUrl());
        m.put("chainId", chain.chain().chainId());
        m.put("factory", chain.deployment().factory());
        m.put("registry", chain.deployment().registry());
        m.put("releaseImplementation", chain.deployment().releaseImplementation());
        m.put("releaseViews", chain.deployment().releaseViews());
        List<Map<String, String>> accounts = new ArrayList<>();
        for (Credentials c : chain.accounts()) accounts.add(Map.of("address", c.getAddress(), "privateKey", privateKeyHex(c)));
        m.put("devAccounts", accounts);
        return m;
    }

    private static String privateKeyHex(Credentials c) {
        return Numeric.toHexStringWithPrefixZeroPadded(c.getEcKeyPair().getPrivateKey(), 64);
    }
}
