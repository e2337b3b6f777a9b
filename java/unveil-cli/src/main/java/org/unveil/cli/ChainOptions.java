package org.unveil.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.unveil.eth.Chain;
import org.unveil.eth.TransactionSender;
import org.unveil.release.SecretFiles;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Option;

/**
 * The options every on-chain command shares: where the node is, which key signs, how the result is
 * printed. Keys come only from files ({@link SecretFiles}) (a raw hex private key, or a Web3 Secret Storage keystore
 * with its password in another file), never from the command line, where they would leak into
 * shell history and process lists.
 */
final class ChainOptions {
    @Option(names = "--rpc", paramLabel = "URL", defaultValue = "${env:UNVEIL_RPC:-http://127.0.0.1:8545}",
            description = "JSON-RPC endpoint of the chain (default: $UNVEIL_RPC, else ${DEFAULT-VALUE}).")
    String rpc;

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "Your account's key, which signs the transactions: a hex private key, or a Web3 Secret Storage keystore (with --password-file).")
    Path keyFile;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Password of the keystore given with --key-file.")
    Path passwordFile;

    @Option(names = "--confirmations", paramLabel = "N", defaultValue = "1",
            description = "Blocks that must hold a transaction before it counts as done (default ${DEFAULT-VALUE}).")
    int confirmations;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    Chain connect() throws IOException {
        return Chain.connect(rpc);
    }

    TransactionSender sender(Chain chain) throws IOException {
        return chain.sender(credentials()).confirmations(confirmations);
    }

    Credentials credentials() throws IOException {
        if (keyFile == null) throw new IllegalArgumentException("this command sends a transaction: give your account's key with --key-file FILE");
        return SecretFiles.credentials(keyFile, passwordFile);
    }
}
