package org.unveil.archive;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.jcajce.provider.digest.Keccak;

/**
 * The fragment tree (archive format v2, spec/archive-format.md section 6): a Merkle tree over
 * {@code (e, keyAddress_e)} for every encrypted fragment, whose root the release contract records
 * at creation ({@code fragmentRoot}, with {@code fragmentCount = F}). When the chain samples
 * fragment e, the artist reveals {@code k_e} with {@link #proof(int)}, and the contract checks it
 * with OpenZeppelin's {@code MerkleProof.verify} against {@link #leaf(int, String)}.
 * <p>
 * Leaves are {@code keccak256(keccak256(abi.encode(uint256 e, address a)))}, double-hashed as
 * OpenZeppelin's StandardMerkleTree does so that a 64-byte inner node can never pass as a leaf.
 * Nodes pair {@code (2i, 2i+1)} with the commutative {@code keccak256(min ‖ max)}, and an odd
 * last node is carried up unchanged: the contract then needs no index bits, only the proof.
 */
public final class FragmentTree {
    /** levels.get(0) are the leaves; the last level holds the root alone. */
    private final List<byte[][]> levels;

    private FragmentTree(List<byte[][]> levels) {
        this.levels = levels;
    }

    /** The tree over these key addresses, {@code keyAddresses.get(e)} being fragment e's. */
    public static FragmentTree of(List<String> keyAddresses) {
        if (keyAddresses.isEmpty()) throw new IllegalArgumentException("a fragment tree needs at least one encrypted fragment");
        byte[][] level = new byte[keyAddresses.size()][];
        for (int e = 0; e < level.length; e++) level[e] = leaf(e, keyAddresses.get(e));
        List<byte[][]> levels = new ArrayList<>();
        levels.add(level);
        while (level.length > 1) {
            byte[][] next = new byte[(level.length + 1) / 2][];
            for (int i = 0; i < next.length; i++) {
                next[i] = 2 * i + 1 < level.length ? hashPair(level[2 * i], level[2 * i + 1]) : level[2 * i];
            }
            levels.add(next);
            level = next;
        }
        return new FragmentTree(levels);
    }

    /** The tree over a manifest's encrypted fragments. */
    public static FragmentTree of(Manifest manifest) {
        return of(manifest.encryptedFragments().stream().map(Manifest.EncryptedFragment::keyAddress).toList());
    }

    /** {@code keccak256(keccak256(abi.encode(uint256 e, address keyAddress)))}. */
    public static byte[] leaf(int e, String keyAddress) {
        if (e < 0) throw new IllegalArgumentException("fragment index " + e + " is negative");
        if (keyAddress == null || !keyAddress.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("key address '" + keyAddress + "' must be 0x followed by 40 hex digits");
        }
        byte[] encoded = new byte[64];
        for (int i = 0; i < 4; i++) encoded[31 - i] = (byte) (e >>> (8 * i));
        System.arraycopy(HexFormat.of().parseHex(keyAddress.substring(2)), 0, encoded, 44, 20);
        return keccak(keccak(encoded));
    }

    /** OpenZeppelin's commutative node hash: {@code keccak256(min(a, b) ‖ max(a, b))}, words compared as unsigned integers. */
    public static byte[] hashPair(byte[] a, byte[] b) {
        byte[] both = new byte[64];
        boolean aFirst = Arrays.compareUnsigned(a, b) <= 0;
        System.arraycopy(aFirst ? a : b, 0, both, 0, 32);
        System.arraycopy(aFirst ? b : a, 0, both, 32, 32);
        return keccak(both);
    }

    /** F, the number of leaves (encrypted fragments). */
    public int size() {
        return levels.get(0).length;
    }

    /** The 32-byte root (a copy): what the release contract records as {@code fragmentRoot}. */
    public byte[] root() {
        return levels.get(levels.size() - 1)[0].clone();
    }

    /** {@link #root()} as 0x + 64 lowercase hex, as the chain shows a bytes32. */
    public String rootHex() {
        return "0x" + HexFormat.of().formatHex(root());
    }

    /** Leaf e (a copy). */
    public byte[] leaf(int e) {
        return levels.get(0)[checkIndex(e)].clone();
    }

    /** The siblings of leaf e from the bottom up; a level where e's node is carried up adds nothing. */
    public List<byte[]> proof(int e) {
        int i = checkIndex(e);
        List<byte[]> proof = new ArrayList<>();
        for (int l = 0; l < levels.size() - 1; l++) {
            byte[][] level = levels.get(l);
            int sibling = i ^ 1;
            if (sibling < level.length) proof.add(level[sibling].clone());
            i /= 2;
        }
        return proof;
    }

    /** OpenZeppelin {@code MerkleProof.verify(proof, root, leaf)}: folds the proof into the leaf with {@link #hashPair}. */
    public static boolean verify(List<byte[]> proof, byte[] root, byte[] leaf) {
        byte[] node = leaf;
        for (byte[] sibling : proof) {
            if (sibling.length != 32) return false;
            node = hashPair(node, sibling);
        }
        return MessageDigest.isEqual(node, root);
    }

    private int checkIndex(int e) {
        if (e < 0 || e >= size()) throw new IndexOutOfBoundsException("fragment " + e + " is not in a tree of " + size() + " encrypted fragments (0.." + (size() - 1) + ")");
        return e;
    }

    static byte[] keccak(byte[] in) {
        return new Keccak.Digest256().digest(in);
    }
}
