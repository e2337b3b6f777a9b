package org.unveil.eth;

import java.util.List;

/** The ABI files of spec/abi this module carries (their custom errors are decoded on revert). */
final class ContractAbi {
    static final List<String> BUNDLED = List.of("Release", "ReleaseFactory", "KeyholderRegistry");

    private ContractAbi() {}
}
