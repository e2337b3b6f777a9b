package org.unveil.ipfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CidTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void parsesTheMultiformatsCidSpecExample() {
        // multiformats/cid README, "Decoding Algorithm" example: the same CID in CIDv1 base58btc and base32.
        Cid z = Cid.parse("zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA");
        Cid b = Cid.parse("bafkreidon73zkcrwdb5iafqtijxildoonbwnpv7dyd6ef3qdgads2jc4su");
        assertEquals(z, b);
        assertEquals(1, b.version());
        assertEquals(Cid.RAW, b.codec());
        assertEquals("bafkreidon73zkcrwdb5iafqtijxildoonbwnpv7dyd6ef3qdgads2jc4su", z.toString());
    }

    @Test
    void cidV0ParsesKeepsItsFormAndConvertsToV1() {
        // IPIP-0499 / UnixFS spec: the empty directory is QmUNLLs... (v0) and bafybeiczss... (v1).
        Cid v0 = Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
        assertEquals(0, v0.version());
        assertEquals(Cid.DAG_PB, v0.codec());
        assertEquals("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn", v0.toString());
        assertEquals("bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354", v0.toV1().toString());
        assertNotEquals(v0, v0.toV1());
        assertEquals(34, v0.bytes().length);
        assertEquals(v0, Cid.fromBytes(v0.bytes()));
    }

    @Test
    void sha256OfHelloWorldIsTheWellKnownRawCid() {
        Cid cid = Cid.sha256(Cid.RAW, "hello world".getBytes(StandardCharsets.US_ASCII));
        assertEquals("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", cid.toString());
        assertArrayEquals(HEX.parseHex("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"), cid.digest());
        assertArrayEquals(HEX.parseHex("01551220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"), cid.bytes());
        assertEquals(cid, Cid.of(Cid.RAW, cid.digest()));
        assertEquals(cid.hashCode(), Cid.parse(cid.toString()).hashCode());
        assertEquals(cid, Cid.parse(cid.toString().toUpperCase().replaceFirst("^B", "B")));
    }

    @Test
    void base58AndBase32RoundTripForBothCodecs() {
        for (int codec : new int[] {Cid.RAW, Cid.DAG_PB}) {
            Cid cid = Cid.sha256(codec, new byte[] {1, 2, 3});
            assertEquals(cid, Cid.parse("z" + Multibase.base58(cid.bytes())));
            assertEquals(cid, Cid.parse(cid.toString()));
            assertEquals(cid, Cid.fromBytes(cid.bytes()));
        }
    }

    @Test
    void identityCidCarriesItsBlockAndVerifiesByEquality() throws InvalidBlockException {
        byte[] bytes = HEX.parseHex("015500" + "05" + HEX.formatHex("hello".getBytes(StandardCharsets.US_ASCII)));
        Cid id = Cid.fromBytes(bytes);
        assertTrue(id.isIdentity());
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), id.digest());
        id.verify("hello".getBytes(StandardCharsets.US_ASCII));
        assertThrows(InvalidBlockException.class, () -> id.verify("hellO".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void verifyRejectsWrongBytesAndUnverifiableHashes() {
        Cid cid = Cid.sha256(Cid.RAW, new byte[] {1});
        InvalidBlockException wrong = assertThrows(InvalidBlockException.class, () -> cid.verify(new byte[] {2}));
        assertTrue(wrong.getMessage().contains(cid.toString()), wrong.getMessage());
        // sha2-512 (0x13) CID: parses, but Unveil cannot verify it and says so.
        byte[] sha512 = new byte[4 + 64];
        sha512[0] = 1;
        sha512[1] = 0x55;
        sha512[2] = 0x13;
        sha512[3] = 64;
        Cid other = Cid.fromBytes(sha512);
        InvalidBlockException e = assertThrows(InvalidBlockException.class, () -> other.verify(new byte[0]));
        assertTrue(e.getMessage().contains("0x13"), e.getMessage());
    }

    @Test
    void malformedTextIsRejectedWithTheOffendingValue() {
        String[] bad = {
            "", "b", "x" + "afkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
            "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5", // truncated digest
            "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e1", // '1' is not base32
            "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5eaa", // trailing bytes
            "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3N0", // '0' is not base58
            "zQmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn", // CIDv0 must not carry a multibase prefix
            "bciqftfeehedf6klbt32bfaglxezl4uwfnwm4lftlmxqbcerz6cmlx3y", // a bare CIDv0 multihash in base32 is not a CID string
        };
        for (String text : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cid.parse(text), text);
            assertTrue(e.getMessage().contains("invalid CID '" + text), e.getMessage());
        }
    }

    @Test
    void nonMinimalVarintsAndOversizedDigestsAreRejected() {
        // codec 0x55 written as 0xd5 0x00: same value, non-minimal encoding.
        assertThrows(IllegalArgumentException.class, () -> Cid.fromBytes(HEX.parseHex("01d5001220" + "00".repeat(32))));
        // identity digest of 129 bytes exceeds the inline cap.
        assertThrows(IllegalArgumentException.class, () -> Cid.fromBytes(HEX.parseHex("0155008101" + "00".repeat(129))));
        // sha2-256 with a 31-byte digest.
        assertThrows(IllegalArgumentException.class, () -> Cid.fromBytes(HEX.parseHex("0155121f" + "00".repeat(31))));
    }
}
