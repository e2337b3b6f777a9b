package org.unveil.eth;

import java.math.BigInteger;
import java.util.Objects;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;

/**
 * One contract call as a transaction would carry it: the target, the ABI-encoded data and the value.
 * It lets a caller that journals its transactions (the keyholder daemon) simulate, sign and send the
 * very call a {@link ReleaseClient} method would send, without that method's send-and-wait.
 *
 * @param what a short description for errors ("publishShare on 0x...")
 */
public record ContractCall(String to, String data, BigInteger value, String what) {
    public ContractCall {
        to = Addresses.checked(to, "call target");
        Objects.requireNonNull(data, "call data required");
        if (!data.matches("0x([0-9a-fA-F]{2})*")) throw new IllegalArgumentException("call data must be 0x-hex, got " + data);
        Objects.requireNonNull(value, "value required");
        if (value.signum() < 0) throw new IllegalArgumentException("value must be >= 0, got " + value);
        Objects.requireNonNull(what, "description required");
    }

    static ContractCall of(String to, Function function, BigInteger value) {
        return new ContractCall(to, FunctionEncoder.encode(function), value, function.getName() + " on " + to);
    }
}
