package org.unveil.cli;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.eth.Chain;
import org.unveil.eth.KeyholderRegistryClient;
import org.unveil.eth.ReleaseFactoryClient;
import org.unveil.eth.Wei;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code unveil chain register}: registers the signing account as a keyholder and stakes. */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Register the --key-file account as a keyholder in the factory's registry, and stake ETH.")
final class ChainRegisterCommand implements Callable<Integer> {
    @Mixin ChainOptions chain;

    @Option(names = "--factory", required = true, paramLabel = "ADDRESS", description = "The ReleaseFactory (its registry is used).")
    String factory;

    @Option(names = "--operator", paramLabel = "ADDRESS", description = "The bot's hot address allowed to enrol for you (default: you).")
    String operator;

    @Option(names = "--payout", paramLabel = "ADDRESS", description = "Where deposits and fees are paid (default: you).")
    String payout;

    @Option(names = "--endpoint", defaultValue = "", paramLabel = "URL", description = "Your bot's HTTP endpoint (at most 256 bytes).")
    String endpoint;

    @Option(names = "--terms", defaultValue = "", paramLabel = "TEXT", description = "Your terms (at most 1024 bytes).")
    String terms;

    @Option(names = "--stake", defaultValue = "0", paramLabel = "AMOUNT", description = "ETH to stake as reputation, e.g. 1eth.")
    String stake;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BigInteger amount = Amounts.parse(stake, "--stake", org.unveil.eth.ReleaseParams.ETH, (Chain) null);
        try (Chain c = chain.connect()) {
            var sender = chain.sender(c);
            KeyholderRegistryClient registry = KeyholderRegistryClient.at(c, ReleaseFactoryClient.at(c, factory).registry());
            List<Map<String, Object>> txs = new ArrayList<>();
            if (!registry.profile(sender.address()).registered()) {
                txs.add(ChainReceipts.describe("register", registry.register(sender, operator == null ? sender.address() : operator,
                        payout == null ? sender.address() : payout, endpoint, terms)));
            }
            if (amount.signum() > 0) txs.add(ChainReceipts.describe("stake", registry.stake(sender, amount)));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("keyholder", sender.address());
            result.put("registry", registry.address());
            result.put("stakeWei", registry.balanceOf(sender.address(), "0x0000000000000000000000000000000000000000"));
            ChainReceipts.print(spec.commandLine().getOut(), chain.json, result, txs);
        }
        return 0;
    }
}
