package org.unveil.ipfs;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Kubo's DeterministicRandomReader (test/cli/testutils/random_deterministic.go), which generated the IPIP-0499
 * fixtures: the ChaCha20 keystream under key sha256(seed), a zero nonce and counter 0. Streams, so a 1 GiB input
 * costs no memory.
 */
final class DeterministicBytes extends InputStream {
    private final Cipher cipher;
    private final byte[] zeros = new byte[64 * 1024];
    private long remaining;

    DeterministicBytes(String seed, long size) {
        try {
            cipher = Cipher.getInstance("ChaCha20");
            byte[] key = Cid.sha256(seed.getBytes(StandardCharsets.UTF_8));
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(new byte[12], 0));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20 is part of every Java 11+ runtime", e);
        }
        remaining = size;
    }

    static byte[] bytes(String seed, int size) {
        return new DeterministicBytes(seed, size).readAllBytesUnchecked();
    }

    private byte[] readAllBytesUnchecked() {
        byte[] out = new byte[(int) remaining];
        read(out, 0, out.length);
        return out;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (remaining == 0) {
            return len == 0 ? 0 : -1;
        }
        int total = (int) Math.min(len, remaining);
        int done = 0;
        try {
            while (done < total) {
                int n = Math.min(total - done, zeros.length);
                done += cipher.update(zeros, 0, n, b, off + done);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        remaining -= total;
        return total;
    }
}
