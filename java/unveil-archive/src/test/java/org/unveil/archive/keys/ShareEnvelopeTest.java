package org.unveil.archive.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ShareEnvelopeTest {
    static final String FACTORY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    static final String RELEASE = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";
    private final SecureRandom rnd = new SecureRandom();

    private record Fixture(ReleaseSecret secret, FeldmanVss.SplitGroup group, ShareContext ctx, ReleaseKey key) {}

    private Fixture fixture() {
        ReleaseSecret s = ReleaseSecret.generate(rnd);
        FeldmanVss.SplitGroup g = FeldmanVss.split(s, new GroupSpec(2, 3), rnd);
        return new Fixture(s, g, new ShareContext(31337, FACTORY, RELEASE, s.publicKey(), 1, 2), ReleaseKey.random(rnd));
    }

    @Test
    void sealThenOpenGivesAVerifiableShare() throws Exception {
        Fixture f = fixture();
        SecretShare share = f.group.shares().get(1);
        byte[] sealed = ShareEnvelope.seal(share, f.ctx, f.key.publicKey(), rnd);
        assertEquals(ShareEnvelope.SEALED_BYTES, sealed.length);
        assertEquals(228, sealed.length);
        SecretShare opened = ShareEnvelope.open(sealed, f.key, f.ctx);
        assertEquals(share, opened);
        FeldmanVss.verify(opened, f.group.commitments());
    }

    @Test
    void contextAddressesCompareCaseInsensitively() throws Exception {
        Fixture f = fixture();
        byte[] sealed = ShareEnvelope.seal(f.group.shares().get(1), f.ctx, f.key.publicKey(), rnd);
        ShareContext upper = new ShareContext(31337, FACTORY.toLowerCase(), "0x" + RELEASE.substring(2).toUpperCase(),
                f.secret.publicKey(), 1, 2);
        assertEquals(f.group.shares().get(1), ShareEnvelope.open(sealed, f.key, upper));
    }

    @Test
    void wrongContextIsRejectedNamingTheField() {
        Fixture f = fixture();
        byte[] sealed = ShareEnvelope.seal(f.group.shares().get(1), f.ctx, f.key.publicKey(), rnd);
        ShareContext c = f.ctx;
        byte[] otherS = ReleaseSecret.generate(rnd).publicKey();
        List<Object[]> cases = List.of(
                new Object[] {"chainId", (UnaryOperator<ShareContext>) x -> new ShareContext(1, x.factory(), x.release(), x.secretPublicKey(), x.group(), x.identifier())},
                new Object[] {"factory", (UnaryOperator<ShareContext>) x -> new ShareContext(x.chainId(), RELEASE, x.release(), x.secretPublicKey(), x.group(), x.identifier())},
                new Object[] {"release", (UnaryOperator<ShareContext>) x -> new ShareContext(x.chainId(), x.factory(), FACTORY, x.secretPublicKey(), x.group(), x.identifier())},
                new Object[] {"secretPublicKey", (UnaryOperator<ShareContext>) x -> new ShareContext(x.chainId(), x.factory(), x.release(), otherS, x.group(), x.identifier())},
                new Object[] {"group", (UnaryOperator<ShareContext>) x -> new ShareContext(x.chainId(), x.factory(), x.release(), x.secretPublicKey(), 0, x.identifier())},
                new Object[] {"identifier", (UnaryOperator<ShareContext>) x -> x.withIdentifier(3)});
        for (Object[] cs : cases) {
            @SuppressWarnings("unchecked")
            ShareContext wrong = ((UnaryOperator<ShareContext>) cs[1]).apply(c);
            KeyException e = assertThrows(KeyException.class, () -> ShareEnvelope.open(sealed, f.key, wrong));
            assertTrue(e.getMessage().contains(cs[0] + " is "), e.getMessage());
        }
    }

    @Test
    void everyFlippedBitIsDetected() {
        Fixture f = fixture();
        byte[] sealed = ShareEnvelope.seal(f.group.shares().get(1), f.ctx, f.key.publicKey(), rnd);
        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] bad = sealed.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(KeyException.class, () -> ShareEnvelope.open(bad, f.key, f.ctx), "bit " + bit);
        }
    }

    @Test
    void anotherKeyholdersKeyCannotOpen() {
        Fixture f = fixture();
        byte[] sealed = ShareEnvelope.seal(f.group.shares().get(1), f.ctx, f.key.publicKey(), rnd);
        assertThrows(KeyException.class, () -> ShareEnvelope.open(sealed, ReleaseKey.random(rnd), f.ctx));
    }

    @Test
    void plaintextLayoutIsAsSpecified() throws Exception {
        Fixture f = fixture();
        SecretShare share = f.group.shares().get(1);
        byte[] plain = ShareEnvelope.encode(share, f.ctx);
        assertEquals(131, plain.length);
        assertEquals("unveil share v1\n", new String(plain, 0, 16, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(31337L, java.nio.ByteBuffer.wrap(plain, 16, 8).getLong());
        assertEquals(FACTORY.toLowerCase(), Hex.encode0x(java.util.Arrays.copyOfRange(plain, 24, 44)));
        assertEquals(RELEASE, Hex.encode0x(java.util.Arrays.copyOfRange(plain, 44, 64)));
        assertArrayEquals(f.secret.publicKey(), java.util.Arrays.copyOfRange(plain, 64, 97));
        assertEquals(1, plain[97]);
        assertEquals(2, plain[98]);
        assertArrayEquals(share.value(), java.util.Arrays.copyOfRange(plain, 99, 131));
        assertEquals(share, ShareEnvelope.decode(plain, f.ctx));
    }

    @Test
    void authenticPlaintextsOfTheWrongShapeAreRejected() {
        Fixture f = fixture();
        byte[] plain = ShareEnvelope.encode(f.group.shares().get(1), f.ctx);
        byte[] wrongMagic = plain.clone();
        wrongMagic[14] = '2';
        byte[] valueAboveOrder = plain.clone();
        java.util.Arrays.fill(valueAboveOrder, 99, 131, (byte) 0xff);
        byte[][] shapes = {java.util.Arrays.copyOf(plain, 130), java.util.Arrays.copyOf(plain, 132), new byte[0], wrongMagic, valueAboveOrder};
        String[] reasons = {"130 bytes", "132 bytes", "0 bytes", "unveil share v1", "invalid share"};
        for (int i = 0; i < shapes.length; i++) {
            byte[] sealed = Ecies.encrypt(f.key.publicKey(), shapes[i], rnd);
            KeyException e = assertThrows(KeyException.class, () -> ShareEnvelope.open(sealed, f.key, f.ctx));
            assertTrue(e.getMessage().contains(reasons[i]), e.getMessage());
        }
    }

    @Test
    void sealRefusesAShareForAnotherSlot() {
        Fixture f = fixture();
        assertThrows(IllegalArgumentException.class,
                () -> ShareEnvelope.seal(f.group.shares().get(0), f.ctx, f.key.publicKey(), rnd));
    }

    @Test
    void contextRejectsBadFields() {
        byte[] s = ReleaseSecret.generate(rnd).publicKey();
        assertThrows(IllegalArgumentException.class, () -> new ShareContext(0, FACTORY, RELEASE, s, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ShareContext(1, "0x1234", RELEASE, s, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ShareContext(1, FACTORY.substring(2), RELEASE, s, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ShareContext(1, FACTORY, RELEASE, new byte[33], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ShareContext(1, FACTORY, RELEASE, s, 256, 1));
        assertThrows(IllegalArgumentException.class, () -> new ShareContext(1, FACTORY, RELEASE, s, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ShareContext(1, FACTORY, RELEASE, s, 0, 256));
    }
}
