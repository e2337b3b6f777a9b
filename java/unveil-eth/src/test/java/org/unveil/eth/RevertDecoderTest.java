package org.unveil.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.Response;
import org.web3j.utils.Numeric;

class RevertDecoderTest {
    private static String encodeError(String signature, Type<?>... args) {
        String selector = Numeric.toHexString(Hash.sha3(signature.getBytes())).substring(0, 10);
        return selector + FunctionEncoder.encodeConstructor(List.of(args));
    }

    @Test
    void bundledAbisCarryTheContractsCustomErrors() {
        assertTrue(RevertDecoder.shared().knownErrors() >= 40, "errors known: " + RevertDecoder.shared().knownErrors());
    }

    @Test
    void wrongStateNamesTheCurrentAndEveryAllowedState() {
        BigInteger fundedOrReleased = BigInteger.ONE.shiftLeft(3).or(BigInteger.ONE.shiftLeft(4));
        ContractRevertException e = RevertDecoder.shared().decode(encodeError("ReleaseWrongState(uint8,uint256)", new Uint256(2),
                new Uint256(fundedOrReleased)), "publishShare");
        assertEquals("publishShare: release is in state Open, expected one of Funded, Released", e.getMessage());
        assertEquals("ReleaseWrongState", e.errorName());
        assertEquals(List.of(BigInteger.TWO, fundedOrReleased), e.arguments());
    }

    @Test
    void deadlinesAreUtcInstants() {
        ContractRevertException e = RevertDecoder.shared().decode(encodeError("ReleaseDeadlinePassed(uint256,uint256)",
                new Uint256(1_800_000_000L), new Uint256(1_800_000_005L)), "");
        assertEquals("deadline passed at 2027-01-15T08:00:00Z (chain time is 2027-01-15T08:00:05Z)", e.getMessage());
    }

    @Test
    void requireStringsPanicsUnknownAndEmptyRevertsAreWorded() {
        assertEquals("x: no way", RevertDecoder.shared().decode(encodeError("Error(string)", new Utf8String("no way")), "x").getMessage());
        assertTrue(RevertDecoder.shared().decode(encodeError("Panic(uint256)", new Uint256(0x11)), "x").getMessage().contains("panicked with code 0x11"));
        ContractRevertException unknown = RevertDecoder.shared().decode("0xdeadbeef", "x");
        assertEquals("Unknown", unknown.errorName());
        assertTrue(unknown.getMessage().contains("unknown error 0xdeadbeef"), unknown.getMessage());
        assertTrue(RevertDecoder.shared().decode("0x", "x").getMessage().contains("reverted without a reason"));
    }

    @Test
    void truncatedArgumentsDoNotThrowAnythingButTheTypedError() {
        String full = encodeError("ReleaseWrongValue(uint256,uint256)", new Uint256(5), new Uint256(3));
        ContractRevertException e = RevertDecoder.shared().decode(full.substring(0, 40), "pledge");
        assertEquals("ReleaseWrongValue", e.errorName());
        assertTrue(e.getMessage().contains("do not decode"), e.getMessage());
    }

    @Test
    void revertDataIsFoundInEveryShapeNodesUse() {
        Response.Error hexData = new Response.Error(3, "execution reverted");
        hexData.setData("0x1234abcd");
        assertEquals("0x1234abcd", RevertData.extract(hexData));
        Response.Error objectData = new Response.Error(-32603, "Error: VM Exception");
        objectData.setData("{\"message\":\"revert\",\"data\":\"0xabcdef01\"}");
        assertEquals("0xabcdef01", RevertData.extract(objectData));
        assertEquals("0x", RevertData.extract(new Response.Error(3, "execution reverted")));
        assertEquals(null, RevertData.extract(new Response.Error(-32000, "nonce too low")));
    }
}
