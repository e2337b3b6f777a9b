package org.unveil.eth;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.unveil.archive.keys.Commitments;
import org.web3j.crypto.Hash;

/**
 * {@code commitmentsHash} of the release parameters: keccak256 of every group's compressed Feldman
 * commitments, group after group, coefficient order (spec/release-protocol.md section 2).
 */
public final class CommitmentsHash {
    private CommitmentsHash() {}

    public static byte[] of(List<Commitments> groups) {
        if (groups.isEmpty()) throw new IllegalArgumentException("at least one group of commitments required");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Commitments c : groups) for (byte[] p : c.points()) out.writeBytes(p);
        return Hash.sha3(out.toByteArray());
    }
}
