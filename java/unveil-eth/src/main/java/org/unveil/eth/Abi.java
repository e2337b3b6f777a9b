package org.unveil.eth;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;

/** Short constructors for web3j ABI values and functions, so each client method reads as its Solidity signature. */
final class Abi {
    static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

    private Abi() {}

    static Function fn(String name, Type<?>... inputs) {
        return new Function(name, Arrays.asList(inputs), List.of());
    }

    static Function view(String name, List<TypeReference<?>> outputs, Type<?>... inputs) {
        return new Function(name, Arrays.asList(inputs), outputs);
    }

    static Uint256 uint(long v) {
        return new Uint256(v);
    }

    static Uint256 uint(BigInteger v) {
        return new Uint256(v);
    }

    static Address address(String a) {
        return new Address(a);
    }

    static DynamicBytes bytes(byte[] b) {
        return new DynamicBytes(b);
    }

    static Bytes32 bytes32(byte[] b) {
        return new Bytes32(b);
    }

    static List<TypeReference<?>> returns(Class<?>... types) {
        return Arrays.stream(types).<TypeReference<?>>map(Abi::ref).toList();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeReference<?> ref(Class<?> c) {
        return TypeReference.create((Class) c);
    }

    static final Class<?> UINT = Uint256.class;
    static final Class<?> ADDRESS = Address.class;
    static final Class<?> BOOL = Bool.class;
    static final Class<?> BYTES32 = Bytes32.class;
}
