package org.unveil.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseFactoryClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code unveil release predict}: the address a release will have, before it exists. The artist packs
 * the archive for this address and keyholders derive their release keys for it; `release create`
 * with the same account and salt then deploys exactly there.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Print the address `release create` will deploy to for this artist and salt (nothing is sent).")
final class ReleasePredictCommand implements Callable<Integer> {
    @Mixin ChainOptions chain;

    @Option(names = "--factory", required = true, paramLabel = "ADDRESS", description = "The ReleaseFactory.")
    String factory;

    @Option(names = "--salt", required = true, paramLabel = "TEXT",
            description = "The salt you will give `release create`: 0x + 64 hex digits, or any text (its keccak256 is used).")
    String salt;

    @Option(names = "--artist", paramLabel = "ADDRESS", description = "The artist's account (default: the --key-file account).")
    String artist;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Chain c = chain.connect()) {
            String who = artist != null ? artist : chain.sender(c).address();
            String predicted = ReleaseFactoryClient.at(c, factory).predictAddress(who, ReleaseCreateCommand.salt32(salt));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("release", predicted);
            result.put("artist", who);
            result.put("chainId", c.chainId());
            result.put("factory", factory);
            ChainReceipts.print(spec.commandLine().getOut(), chain.json, result, List.of());
        }
        return 0;
    }
}
