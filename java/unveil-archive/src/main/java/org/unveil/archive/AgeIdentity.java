package org.unveil.archive;

import com.exceptionfactory.jagged.bech32.Bech32;
import com.exceptionfactory.jagged.bech32.Bech32Address;
import java.util.Arrays;
import java.util.Locale;
import javax.security.auth.Destroyable;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * An age X25519 identity. Since archive format v2 each encrypted fragment has its own, derived
 * from its fragment key ({@link FragmentKeys#ageIdentity()}), so that revealing the keys of a few
 * sampled fragments opens exactly those fragments, and publishing s (or enough keyholder keys to
 * rebuild it) still lets stock {@code age} tools decrypt the whole release with an identity file
 * listing every fragment's identity. {@link #parse} reads identities written by other age tools.
 */
public final class AgeIdentity implements Destroyable {
    private final byte[] privateKey;
    private final String recipient;
    private boolean destroyed;

    private AgeIdentity(byte[] privateKey) {
        this.privateKey = privateKey;
        byte[] pub = new byte[X25519.POINT_SIZE];
        X25519.scalarMultBase(privateKey, 0, pub, 0);
        this.recipient = Bech32.getEncoder().encode("age", pub).toString();
    }

    /** Takes ownership of a 32-byte X25519 secret (wiped by {@link #destroy()}). */
    static AgeIdentity ofPrivateKey(byte[] privateKey) {
        if (privateKey.length != X25519.SCALAR_SIZE) throw new IllegalArgumentException("an X25519 identity is 32 bytes, not " + privateKey.length);
        return new AgeIdentity(privateKey);
    }

    /**
     * Reads an identity in age's text form ({@code AGE-SECRET-KEY-1...}, as {@code age-keygen}
     * writes it), for files sealed by other age tools.
     *
     * @throws IllegalArgumentException if it is not a Bech32 X25519 age identity
     */
    public static AgeIdentity parse(String encoded) {
        Bech32Address a;
        try {
            a = Bech32.getDecoder().decode(encoded);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Bech32 age identity: " + e.getMessage(), e);
        }
        // age writes identities in upper case only; a mixed-case string is not Bech32 at all
        if (!encoded.equals(encoded.toUpperCase(Locale.ROOT)) || !a.getHumanReadablePart().toString().equalsIgnoreCase("age-secret-key-")) {
            throw new IllegalArgumentException("not an age X25519 identity (AGE-SECRET-KEY-1...)");
        }
        byte[] key = a.getData();
        if (key.length != X25519.SCALAR_SIZE) {
            Arrays.fill(key, (byte) 0);
            throw new IllegalArgumentException("age X25519 identity holds " + key.length + " bytes, not 32");
        }
        return new AgeIdentity(key);
    }

    /** The public recipient, {@code age1...}; safe to publish (it is in the manifest). */
    public String recipient() {
        return recipient;
    }

    /**
     * The identity in age's text form, {@code AGE-SECRET-KEY-1...}, as {@code age -i} reads it.
     * This string cannot be wiped from memory; only ask for it to hand it to a user or a tool.
     */
    public String encoded() {
        requireLive();
        return Bech32.getEncoder().encode("age-secret-key-", privateKey).toString().toUpperCase(Locale.ROOT);
    }

    @Override
    public void destroy() {
        Arrays.fill(privateKey, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    private void requireLive() {
        if (destroyed) throw new IllegalStateException("age identity was destroyed");
    }

    @Override
    public String toString() {
        return "AgeIdentity[" + recipient + "]";
    }
}
