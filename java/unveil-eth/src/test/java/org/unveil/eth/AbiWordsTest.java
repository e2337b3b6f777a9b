package org.unveil.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;

/** The hand-written decoder of dynamic tuples against web3j's encoder, and against hostile data. */
class AbiWordsTest {
    static ReleaseParams sample() {
        byte[] h = new byte[32];
        h[0] = 1;
        byte[] c = new byte[32];
        c[31] = 7;
        return new ReleaseParams(ReleaseParams.ETH, Wei.parse("10eth"), Wei.parse("1eth"), Wei.parse("0.1eth"),
                Instant.ofEpochSecond(1_800_000_000L), Instant.ofEpochSecond(1_800_600_000L), Duration.ofDays(3),
                "0x00000000000000000000000000000000000000aa", h, c, new byte[] {1, 0x55, 0x12, 0x20, 9, 8, 7},
                List.of(2, 1), List.of(3, 2), List.of("0x0000000000000000000000000000000000000001", "0x0000000000000000000000000000000000000002",
                        "0x0000000000000000000000000000000000000003", "0x0000000000000000000000000000000000000004",
                        "0x0000000000000000000000000000000000000005"),
                List.of("0x0000000000000000000000000000000000000011", "0x0000000000000000000000000000000000000012",
                        "0x0000000000000000000000000000000000000013", "0x0000000000000000000000000000000000000014",
                        "0x0000000000000000000000000000000000000015"), c, 1000, 5);
    }

    @Test
    void paramsRoundTripThroughTheAbiEncoding() {
        ReleaseParams p = sample();
        String encoded = "0x" + FunctionEncoder.encodeConstructor(List.of(p.toAbi()));
        assertEquals(p, ReleaseParams.fromAbi(AbiWords.of(encoded).tupleAt(0)));
    }

    @Test
    void offsetsAndLengthsBeyondTheDataAreRejected() {
        String encoded = FunctionEncoder.encodeConstructor(List.of(sample().toAbi()));
        // word 0 is the tuple's offset: point it past the end
        String badOffset = "0x" + "00".repeat(30) + "ff00" + encoded.substring(64);
        assertThrows(IllegalArgumentException.class, () -> ReleaseParams.fromAbi(AbiWords.of(badOffset).tupleAt(0)));
        String truncated = "0x" + encoded.substring(0, encoded.length() - 64);
        assertThrows(IllegalArgumentException.class, () -> ReleaseParams.fromAbi(AbiWords.of(truncated).tupleAt(0)));
        String hugeLength = "0x" + "00".repeat(31) + "20" + "ff".repeat(32);
        assertThrows(IllegalArgumentException.class, () -> AbiWords.of(hugeLength).uintArray(0));
    }

    @Test
    void weiParsesAndFormatsExactly() {
        assertEquals(new BigInteger("1500000000000000000"), Wei.parse("1.5eth"));
        assertEquals(BigInteger.valueOf(20_000_000_000L), Wei.parse("20 gwei"));
        assertEquals(BigInteger.ONE, Wei.parse("1"));
        assertEquals("1.5 ETH (1500000000000000000 wei)", Wei.format(new BigInteger("1500000000000000000")));
        assertThrows(IllegalArgumentException.class, () -> Wei.parse("0.5wei"));
        assertThrows(IllegalArgumentException.class, () -> Wei.parse("-1eth"));
        assertThrows(IllegalArgumentException.class, () -> Wei.parse("lots"));
    }
}
