package org.unveil.eth.hiring;

import java.util.Arrays;
import org.unveil.eth.Eip712;
import org.web3j.utils.Numeric;

/**
 * The address {@code ReleaseFactory.predictAddress(artist, salt)} returns (spec/release-protocol.md
 * section 1.1), computed off chain: CREATE2 by the factory of an EIP-1167 clone of the
 * implementation (OpenZeppelin {@code Clones.predictDeterministicAddress}) with
 * {@code salt2 = keccak256(abi.encode(artist, salt))}.
 */
final class ClonePrediction {
    private static final byte[] PREFIX = Numeric.hexStringToByteArray("3d602d80600a3d3981f3363d3d373d3d3d363d73");
    private static final byte[] SUFFIX = Numeric.hexStringToByteArray("5af43d82803e903d91602b57fd5bf3");

    private ClonePrediction() {}

    static String predict(String factory, String implementation, String artist, String salt) {
        byte[] salt2 = Eip712.hash(Eip712.address(artist), Fields.bytes(salt));
        byte[] initCodeHash = Eip712.hash(PREFIX, Fields.bytes(implementation), SUFFIX);
        byte[] h = Eip712.hash(new byte[] {(byte) 0xff}, Fields.bytes(factory), salt2, initCodeHash);
        return Fields.hex(Arrays.copyOfRange(h, 12, 32));
    }
}
