package org.unveil.eth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creation bytecode of the contracts, read at run time from the Hardhat build output
 * ({@code contracts/artifacts/contracts/**}/NAME.json). Only deployment needs bytecode; calls are
 * encoded by the hand-written clients, so nothing generated is committed.
 */
public final class ContractArtifacts {
    private static final long MAX_ARTIFACT_BYTES = 16L << 20;
    private final Path artifactsDir;

    private ContractArtifacts(Path artifactsDir) {
        this.artifactsDir = artifactsDir;
    }

    /** The artifacts of the repository found by {@link RepositoryRoot#find()}. */
    public static ContractArtifacts fromRepository() {
        return in(RepositoryRoot.find().resolve("contracts"));
    }

    /** The artifacts of the Hardhat project in {@code contractsDir}. */
    public static ContractArtifacts in(Path contractsDir) {
        return new ContractArtifacts(contractsDir.resolve("artifacts").resolve("contracts"));
    }

    /** Creation bytecode of {@code contractName}, without constructor arguments, as 0x-hex. */
    public String bytecode(String contractName) throws IOException {
        Path file = locate(contractName);
        if (Files.size(file) > MAX_ARTIFACT_BYTES) {
            throw new IOException("artifact " + file + " is larger than " + MAX_ARTIFACT_BYTES + " bytes; is it a Hardhat artifact?");
        }
        JsonNode root;
        try {
            root = JsonMapper.shared().readTree(file.toFile());
        } catch (JacksonException e) {
            throw new IOException("artifact " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        String code = root.path("bytecode").asString("");
        if (!code.startsWith("0x") || code.length() <= 2) {
            throw new IOException("artifact " + file + " has no creation bytecode (is " + contractName + " abstract or an interface?)");
        }
        if (!root.path("linkReferences").isEmpty()) {
            throw new IOException("artifact " + file + " needs library linking, which Unveil's deployer does not do");
        }
        HexFormat.of().parseHex(code.substring(2)); // rejects a corrupt artifact before it is sent
        return code;
    }

    private Path locate(String contractName) throws IOException {
        if (!Files.isDirectory(artifactsDir)) {
            throw new IOException("no contract build output at " + artifactsDir
                    + "; run scripts/setup --contracts (it installs Node 24 and Hardhat, then compiles them)");
        }
        String wanted = contractName + ".json";
        try (Stream<Path> files = Files.walk(artifactsDir, 6)) {
            return files.filter(p -> p.getFileName().toString().equals(wanted))
                    .filter(p -> p.getParent().getFileName().toString().endsWith(".sol"))
                    .sorted()
                    .findFirst()
                    .orElseThrow(() -> new IOException("no artifact for contract " + contractName + " under " + artifactsDir
                            + "; run scripts/setup --contracts (it recompiles the contracts)"));
        }
    }
}
