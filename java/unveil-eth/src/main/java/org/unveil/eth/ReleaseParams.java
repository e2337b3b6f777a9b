package org.unveil.eth;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint40;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.abi.datatypes.generated.Uint96;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Everything a release is created with: the Java form of {@code IRelease.Params}
 * (spec/release-protocol.md section 2). {@code token} is the zero address for ETH.
 * {@code shareAddresses} holds addr(P_i) of every slot, computed from the group's Feldman
 * commitments ({@link org.unveil.archive.keys.FeldmanVss#shareAddresses}). {@code fragmentRoot},
 * {@code fragmentCount} and {@code sampleCount} say what the beacon samples (release-protocol
 * section 4.1): the root of the archive's fragment tree, its number of encrypted fragments, and how
 * many of them are sampled.
 */
public record ReleaseParams(String token, BigInteger goal, BigInteger deposit, BigInteger keyholderFee,
        Instant enrolDeadline, Instant pledgeDeadline, Duration revealWindow, String secretAddress,
        byte[] manifestHash, byte[] commitmentsHash, byte[] archiveCid, List<Integer> groupThresholds,
        List<Integer> groupSizes, List<String> releaseKeys, List<String> shareAddresses, byte[] fragmentRoot, int fragmentCount,
        int sampleCount) {
    /** The token address meaning "paid in ETH". */
    public static final String ETH = "0x0000000000000000000000000000000000000000";

    public ReleaseParams {
        Objects.requireNonNull(token, "token required (ReleaseParams.ETH for ether)");
        Objects.requireNonNull(goal, "goal required");
        Objects.requireNonNull(deposit, "deposit required");
        Objects.requireNonNull(keyholderFee, "keyholder fee required");
        Objects.requireNonNull(enrolDeadline, "enrol deadline required");
        Objects.requireNonNull(pledgeDeadline, "pledge deadline required");
        Objects.requireNonNull(revealWindow, "reveal window required");
        Objects.requireNonNull(secretAddress, "secret address required");
        if (manifestHash == null || manifestHash.length != 32) throw new IllegalArgumentException("manifest hash must be 32 bytes");
        if (commitmentsHash == null || commitmentsHash.length != 32) throw new IllegalArgumentException("commitments hash must be 32 bytes");
        if (archiveCid == null || archiveCid.length < 1 || archiveCid.length > 64) {
            throw new IllegalArgumentException("archive CID must be 1..64 bytes (binary CIDv1), got " + (archiveCid == null ? "none" : archiveCid.length));
        }
        if (fragmentRoot == null || fragmentRoot.length != 32) throw new IllegalArgumentException("fragment root must be 32 bytes");
        if (fragmentCount < 1) throw new IllegalArgumentException("a release needs at least one encrypted fragment, got " + fragmentCount);
        if (sampleCount < 1 || sampleCount > 255) throw new IllegalArgumentException("sample count must be 1..255 (the contract takes 1..16), got " + sampleCount);
        fragmentRoot = fragmentRoot.clone();
        manifestHash = manifestHash.clone();
        commitmentsHash = commitmentsHash.clone();
        archiveCid = archiveCid.clone();
        groupThresholds = List.copyOf(groupThresholds);
        groupSizes = List.copyOf(groupSizes);
        releaseKeys = List.copyOf(releaseKeys);
        shareAddresses = List.copyOf(shareAddresses);
        if (groupThresholds.size() != groupSizes.size()) {
            throw new IllegalArgumentException(groupThresholds.size() + " group thresholds but " + groupSizes.size() + " group sizes");
        }
        int slots = groupSizes.stream().mapToInt(Integer::intValue).sum();
        if (slots != releaseKeys.size()) {
            throw new IllegalArgumentException("groups have " + slots + " slots but " + releaseKeys.size() + " release keys were given");
        }
        if (slots != shareAddresses.size()) {
            throw new IllegalArgumentException("groups have " + slots + " slots but " + shareAddresses.size() + " share addresses were given");
        }
    }

    @Override
    public byte[] manifestHash() {
        return manifestHash.clone();
    }

    @Override
    public byte[] commitmentsHash() {
        return commitmentsHash.clone();
    }

    @Override
    public byte[] fragmentRoot() {
        return fragmentRoot.clone();
    }

    @Override
    public byte[] archiveCid() {
        return archiveCid.clone();
    }

    /** Total keyholder slots (sum of group sizes). */
    public int slotCount() {
        return releaseKeys.size();
    }

    /** The group slot {@code slot} belongs to (slots are numbered group after group). */
    public int groupOfSlot(int slot) {
        int end = 0;
        for (int g = 0; g < groupSizes.size(); g++) {
            end += groupSizes.get(g);
            if (slot < end) return g;
        }
        throw new IllegalArgumentException("slot " + slot + " does not exist in a release of " + slotCount() + " slots");
    }

    /** The first slot of group {@code g}. */
    public int firstSlotOfGroup(int g) {
        int s = 0;
        for (int i = 0; i < g; i++) s += groupSizes.get(i);
        return s;
    }

    /**
     * The hash an enrolment acceptance signs (spec/release-protocol.md section 4):
     * {@code keccak256(abi.encode(artist, params))}, so a keyholder accepts exactly the terms it checked.
     */
    public byte[] termsHash(String artist) {
        String encoded = FunctionEncoder.encodeConstructor(List.of(new Address(Addresses.checked(artist, "artist")), toAbi()));
        return Hash.sha3(Numeric.hexStringToByteArray(encoded));
    }

    DynamicStruct toAbi() {
        return new DynamicStruct(new Address(token), new Uint96(goal), new Uint96(deposit), new Uint96(keyholderFee),
                new Uint40(enrolDeadline.getEpochSecond()), new Uint40(pledgeDeadline.getEpochSecond()),
                new Uint32(revealWindow.toSeconds()), new Address(secretAddress), new Bytes32(manifestHash),
                new Bytes32(commitmentsHash), new DynamicBytes(archiveCid),
                new DynamicArray<>(Uint8.class, groupThresholds.stream().map(Uint8::new).toList()),
                new DynamicArray<>(Uint8.class, groupSizes.stream().map(Uint8::new).toList()),
                new DynamicArray<>(Address.class, releaseKeys.stream().map(Address::new).toList()),
                new DynamicArray<>(Address.class, shareAddresses.stream().map(Address::new).toList()),
                new Bytes32(fragmentRoot), new Uint32(fragmentCount), new Uint8(sampleCount));
    }

    /** Reads the tuple {@code t} (its head words in field order, dynamic fields by offset). */
    static ReleaseParams fromAbi(AbiWords t) {
        return new ReleaseParams(t.address(0), t.uint(1), t.uint(2), t.uint(3),
                Instant.ofEpochSecond(t.uint(4).longValueExact()), Instant.ofEpochSecond(t.uint(5).longValueExact()),
                Duration.ofSeconds(t.uint(6).longValueExact()), t.address(7), t.bytes32(8), t.bytes32(9), t.dynamicBytes(10),
                ints(t.uintArray(11)), ints(t.uintArray(12)), t.addressArray(13), t.addressArray(14), t.bytes32(15),
                t.uint(16).intValueExact(), t.uint(17).intValueExact());
    }

    private static List<Integer> ints(List<BigInteger> xs) {
        List<Integer> out = new ArrayList<>();
        for (BigInteger x : xs) out.add(x.intValueExact());
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReleaseParams p && token.equalsIgnoreCase(p.token) && goal.equals(p.goal) && deposit.equals(p.deposit)
                && keyholderFee.equals(p.keyholderFee) && enrolDeadline.equals(p.enrolDeadline)
                && pledgeDeadline.equals(p.pledgeDeadline) && revealWindow.equals(p.revealWindow)
                && secretAddress.equalsIgnoreCase(p.secretAddress) && Arrays.equals(manifestHash, p.manifestHash)
                && Arrays.equals(commitmentsHash, p.commitmentsHash) && Arrays.equals(archiveCid, p.archiveCid)
                && groupThresholds.equals(p.groupThresholds) && groupSizes.equals(p.groupSizes)
                && lower(releaseKeys).equals(lower(p.releaseKeys)) && lower(shareAddresses).equals(lower(p.shareAddresses))
                && Arrays.equals(fragmentRoot, p.fragmentRoot) && fragmentCount == p.fragmentCount && sampleCount == p.sampleCount;
    }

    private static List<String> lower(List<String> addresses) {
        return addresses.stream().map(a -> a.toLowerCase(java.util.Locale.ROOT)).toList();
    }

    @Override
    public int hashCode() {
        return Objects.hash(goal, deposit, Arrays.hashCode(manifestHash));
    }
}
