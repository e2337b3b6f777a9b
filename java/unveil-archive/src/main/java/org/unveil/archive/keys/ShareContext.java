package org.unveil.archive.keys;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a share belongs, sealed inside its encrypted envelope so a share cannot be replayed into
 * another release, group or slot: chain id, factory and release addresses (0x-hex), {@code S}
 * compressed, group index (0-based, at most 255) and the share identifier (1..255).
 */
public record ShareContext(long chainId, String factory, String release, byte[] secretPublicKey, int group,
        int identifier) {

    public ShareContext {
        if (chainId <= 0) throw new IllegalArgumentException("chain id must be positive, got " + chainId);
        factory = normaliseAddress(factory, "factory");
        release = normaliseAddress(release, "release");
        Objects.requireNonNull(secretPublicKey, "secret public key required");
        Secp256k1.decodePoint(secretPublicKey, "secret public key");
        if (secretPublicKey.length != Secp256k1.COMPRESSED_BYTES) {
            throw new IllegalArgumentException("secret public key must be compressed (33 bytes), got "
                    + secretPublicKey.length);
        }
        secretPublicKey = secretPublicKey.clone();
        if (group < 0 || group > 255) throw new IllegalArgumentException("group must be in [0, 255], got " + group);
        if (identifier < 1 || identifier > 255) {
            throw new IllegalArgumentException("share identifier must be in [1, 255], got " + identifier);
        }
    }

    @Override
    public byte[] secretPublicKey() {
        return secretPublicKey.clone();
    }

    /** This context for another identifier of the same group, for the packer's loop. */
    public ShareContext withIdentifier(int newIdentifier) {
        return new ShareContext(chainId, factory, release, secretPublicKey, group, newIdentifier);
    }

    static String normaliseAddress(String address, String field) {
        Hex.decode(address, 20, field + " address");
        if (!address.startsWith("0x")) throw new IllegalArgumentException(field + " address must start with 0x: " + address);
        return address.toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShareContext c && c.chainId == chainId && c.factory.equals(factory)
                && c.release.equals(release) && Arrays.equals(c.secretPublicKey, secretPublicKey)
                && c.group == group && c.identifier == identifier;
    }

    @Override
    public int hashCode() {
        return Objects.hash(chainId, factory, release, Arrays.hashCode(secretPublicKey), group, identifier);
    }

    @Override
    public String toString() {
        return "ShareContext[chainId=" + chainId + ", factory=" + factory + ", release=" + release
                + ", S=" + Hex.encode0x(secretPublicKey) + ", group=" + group + ", identifier=" + identifier + "]";
    }
}
