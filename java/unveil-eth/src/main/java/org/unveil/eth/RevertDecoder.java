package org.unveil.eth;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns revert data into a {@link ContractRevertException}: custom errors are matched by selector
 * against the {@code error} entries of the ABIs in spec/abi (carried in this jar), then worded by
 * {@link ErrorWording}; {@code Error(string)} and {@code Panic(uint256)} are built in, and so are the
 * standard ERC-20 errors (ERC-6093, OpenZeppelin 5) a token release bubbles up from its token.
 */
final class RevertDecoder {
    private record ErrorAbi(String name, List<String> paramNames, List<String> types) {}

    private static final String ERROR_STRING = "0x08c379a0";
    private static final String PANIC = "0x4e487b71";
    private static final RevertDecoder SHARED = new RevertDecoder(loadBundled());

    private final Map<String, ErrorAbi> bySelector;

    private RevertDecoder(Map<String, ErrorAbi> bySelector) {
        this.bySelector = bySelector;
    }

    static RevertDecoder shared() {
        return SHARED;
    }

    /** Number of distinct custom errors known (tests check the ABIs were bundled). */
    int knownErrors() {
        return bySelector.size();
    }

    ContractRevertException decode(String revertData, String context) {
        String data = revertData == null || revertData.isBlank() ? "0x" : revertData.toLowerCase(java.util.Locale.ROOT);
        String prefix = context == null || context.isEmpty() ? "" : context + ": ";
        if (data.length() < 10) {
            return new ContractRevertException(prefix + "reverted without a reason (revert data " + data + ")", "Unknown", List.of(), data);
        }
        String selector = data.substring(0, 10);
        String body = "0x" + data.substring(10);
        if (selector.equals(ERROR_STRING)) {
            List<Object> args = decodeArgs(body, List.of("string"));
            return new ContractRevertException(prefix + args.get(0), "Error", args, data);
        }
        if (selector.equals(PANIC)) {
            List<Object> args = decodeArgs(body, List.of("uint256"));
            return new ContractRevertException(prefix + "contract panicked with code 0x" + ((BigInteger) args.get(0)).toString(16)
                    + " (arithmetic overflow, division by zero or similar: a contract bug)", "Panic", args, data);
        }
        ErrorAbi abi = bySelector.get(selector);
        if (abi == null) {
            return new ContractRevertException(prefix + "reverted with unknown error " + selector + " (data " + data
                    + "); is spec/abi up to date with the deployed contracts?", "Unknown", List.of(), data);
        }
        List<Object> args;
        try {
            args = decodeArgs(body, abi.types());
        } catch (RuntimeException e) {
            return new ContractRevertException(prefix + "reverted with " + abi.name() + " but its arguments do not decode (data " + data + ")",
                    abi.name(), List.of(), data);
        }
        return new ContractRevertException(prefix + ErrorWording.describe(abi.name(), abi.paramNames(), args), abi.name(), args, data);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Object> decodeArgs(String hex, List<String> types) {
        List<TypeReference<Type>> refs = new ArrayList<>();
        for (String t : types) {
            try {
                refs.add(TypeReference.makeTypeReference(t));
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("unsupported ABI type " + t, e);
            }
        }
        List<Type> decoded = FunctionReturnDecoder.decode(hex, refs);
        if (decoded.size() != types.size()) throw new IllegalArgumentException("revert data too short for " + types);
        List<Object> out = new ArrayList<>();
        for (Type t : decoded) out.add(t.getValue());
        return out;
    }

    private static Map<String, ErrorAbi> loadBundled() {
        Map<String, ErrorAbi> map = new HashMap<>();
        for (String name : ContractAbi.BUNDLED) {
            try (InputStream in = RevertDecoder.class.getResourceAsStream("abi/" + name + ".json")) {
                if (in == null) continue; // a missing ABI only makes its errors undecodable, worded as such
                collect(JsonMapper.shared().readTree(in), map);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("bundled ABI " + name + ".json is unreadable: " + e.getMessage(), e);
            }
        }
        try (InputStream in = RevertDecoder.class.getResourceAsStream("erc6093-errors.json")) {
            if (in != null) collect(JsonMapper.shared().readTree(in), map);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("bundled erc6093-errors.json is unreadable: " + e.getMessage(), e);
        }
        return Map.copyOf(map);
    }

    private static void collect(JsonNode root, Map<String, ErrorAbi> map) {
        JsonNode entries = root.isArray() ? root : root.path("abi");
        for (JsonNode e : entries) {
            if (!"error".equals(e.path("type").asString(""))) continue;
            List<String> names = new ArrayList<>();
            List<String> types = new ArrayList<>();
            for (JsonNode in : e.path("inputs")) {
                names.add(in.path("name").asString(""));
                types.add(in.path("type").asString());
            }
            String signature = e.path("name").asString() + "(" + String.join(",", types) + ")";
            String selector = Numeric.toHexString(Hash.sha3(signature.getBytes(java.nio.charset.StandardCharsets.US_ASCII))).substring(0, 10);
            map.put(selector, new ErrorAbi(e.path("name").asString(), List.copyOf(names), List.copyOf(types)));
        }
    }
}
