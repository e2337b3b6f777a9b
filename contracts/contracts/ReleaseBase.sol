// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {IRelease} from "./interfaces/IRelease.sol";
import {FragmentKeys} from "./libraries/FragmentKeys.sol";

/**
 * @title ReleaseBase
 * @notice What {Release} and {ReleaseViews} share: the storage layout, the configuration and how to
 * read it, and the digests. A release clone runs {Release}, whose fallback delegates the views to
 * {ReleaseViews} (so Release fits EIP-170's 24,576 bytes); both run on the clone's storage, so
 * both inherit exactly this layout and neither declares a storage variable of its own.
 * @dev Gas layout: the configuration (everything fixed at creation, release keys and CID
 * included) is written once as the code of a data contract the clone deploys with its first
 * CREATE, because code costs 200 gas per byte where storage costs 22,100 per slot; reads are
 * EXTCODECOPYs of 32 bytes. Everything that changes lives in one storage slot (state, counters,
 * total pledged, reveal deadline, the bitmap of published shares), so each hot path writes that
 * slot plus its own mapping entry. Amounts are uint96 and times uint40; creation refuses terms
 * whose sums a uint96 cannot hold (spec §2).
 */
abstract contract ReleaseBase is EIP712 {
    /// @dev Share of the goal paid to the registry's reputation fund, in basis points.
    uint256 internal constant _REPUTATION_BPS = 100;
    /// @dev Most keyholder slots a release can have.
    uint256 internal constant _MAX_SLOTS = 32;
    /// @dev Most keyholder groups a release can have.
    uint256 internal constant _MAX_GROUPS = 8;
    /// @dev See {IRelease-ACCUSATION_WINDOW}.
    uint256 internal constant _ACCUSATION_WINDOW = 1 days;
    /// @dev See {IRelease-SAMPLE_DELAY}: enough blocks that the last enrolment's sender cannot know the beacon.
    uint256 internal constant _SAMPLE_DELAY = 5;
    /// @dev See {IRelease-SAMPLE_WINDOW}.
    uint256 internal constant _SAMPLE_WINDOW = 2 days;
    /// @dev See {IRelease-MAX_SAMPLES}.
    uint256 internal constant _MAX_SAMPLES = 16;
    /// @dev How far back BLOCKHASH sees.
    uint256 internal constant _BLOCKHASH_HORIZON = 256;
    uint256 internal constant _BPS = 10_000;

    bytes32 internal constant _ACCEPTANCE_TYPEHASH =
        keccak256("Acceptance(address keyholder,uint256 slot,bytes32 termsHash)");
    bytes32 internal constant _LEAK_PROOF_TYPEHASH =
        keccak256("LeakProof(uint256 chainId,address release,address keyholder,address beneficiary)");

    /// @dev The changing part of a keyholder slot, in one storage slot. `claimed` is kept apart
    /// from `status` so a paid-out slot still tells whether its share was published. A published
    /// share is not written here (its bit in `_sharesPublished` is, see {_status}): that keeps
    /// {publishShare} to one new storage slot, the share itself.
    struct SlotState {
        address keyholder;
        IRelease.SlotStatus status;
        bool claimed;
    }

    /// @dev The accusation that slashed a slot: the winning (earliest) commitment's beneficiary and
    /// sequence, and when it was first revealed (the window for earlier commitments starts then).
    struct Accusation {
        address beneficiary;
        uint32 sequence;
        uint40 revealedAt;
    }

    /// @dev The drawn samples (spec §4.1): when their keys are due, and the seed.
    struct SampleDraw {
        uint40 revealBy;
        bytes27 seed;
    }

    /// @dev When the state changed, so that an accusation is judged by the state at its commitment's
    /// block. Written at creation, so later transitions update a warm, non-zero slot.
    struct History {
        uint40 createdBlock;
        uint40 openedBlock;
        uint40 fundedBlock;
        uint40 endedBlock;
        uint40 endedAt;
        /// @dev The block that enrolled the last slot; the beacon is {_SAMPLE_DELAY} blocks later.
        uint40 samplingBlock;
    }

    // Layout of the configuration (spec §1), written once at initialisation as the code of a
    // data contract (runtime = 0x00 ‖ config): code costs 200 gas per byte where storage costs
    // 22,100 per 32 bytes. Offsets are into the config, after the leading STOP byte.
    uint256 internal constant _ARTIST = 0;
    uint256 internal constant _TOKEN = 20;
    uint256 internal constant _GOAL = 40;
    uint256 internal constant _DEPOSIT = 52;
    uint256 internal constant _FEE = 64;
    uint256 internal constant _ENROL_DEADLINE = 76;
    uint256 internal constant _PLEDGE_DEADLINE = 81;
    uint256 internal constant _REVEAL_WINDOW = 86;
    uint256 internal constant _SECRET_ADDRESS = 90;
    uint256 internal constant _MANIFEST_HASH = 110;
    uint256 internal constant _COMMITMENTS_HASH = 142;
    uint256 internal constant _TERMS_HASH = 174;
    uint256 internal constant _FRAGMENT_ROOT = 206;
    uint256 internal constant _FRAGMENT_COUNT = 238; // uint32
    uint256 internal constant _SAMPLE_COUNT = 242; // uint8
    uint256 internal constant _REGISTRY_ADDRESS = 243; // so that ReleaseViews needs no immutable, and any factory can deploy it
    uint256 internal constant _COUNTS = 263; // groupCount, slotCount, cidLength: one byte each
    uint256 internal constant _GROUPS = 266; // per group: threshold, size; per slot: group, releaseKey; per slot: shareAddress; CID

    // One storage slot (slot 2: EIP712's two fallback strings come first): everything that changes,
    // so that each hot path writes one slot.
    IRelease.State internal _state;
    uint8 internal _enrolledCount;
    bool internal _secretPublished;
    bool internal _artistPaid;
    uint96 internal _totalPledged;
    uint40 internal _revealDeadline;
    /// @dev Bit i is set once the share of slot i is published (so slot i's status is Published).
    uint32 internal _sharesPublished;
    /// @dev Bit g is set once group g's M_g shares failed to recombine to the secret.
    uint8 internal _invalidGroups;
    /// @dev Bit i is set once slot i is slashed by a leak proof (so {publishShare} needs no slot read).
    uint32 internal _slashedSlots;
    /// @dev Slots slashed while Open, each of which gave a quarter of its deposit to the fans: the
    /// fans' pool is derived from this count rather than stored, so an accusation writes only that slot.
    uint8 internal _openSlashedCount;
    // The next slot: written only by settlement.
    uint96 internal _settledToFans;
    mapping(uint256 slot => SlotState) internal _slots;
    mapping(address fan => uint96 amount) internal _pledges;
    /// @dev The accusation of a slashed slot; its bounty is paid by {claimBounty}, marked by `claimed`.
    mapping(uint256 slot => Accusation) internal _accusations;
    History internal _history;
    /// @dev Payments a payee rejected (deposits), owed to it until it withdraws them.
    mapping(address account => uint256 amount) internal _credits;
    /// @dev The published share of each slot, kept for the recombination of its group.
    mapping(uint256 slot => uint256 share) internal _shares;
    /// @dev The drawn samples: when their keys are due (0 until drawn) and the seed, the first 27
    /// bytes of the beacon block's hash (216 bits of it: one storage slot with the deadline).
    SampleDraw internal _sampleDraw;
    /// @dev keccak256 of the revealed sample keys (packed, in the order drawn): checked against the
    /// keys the secret derives once it is on chain (spec §4.1), so keys not derived from s fail the release.
    bytes32 internal _sampleKeysHash;

    constructor() EIP712("Unveil Release", "1") {}

    /// @dev The configuration contract: CREATE address of this clone at nonce 1, keccak256(rlp([this, 1])).
    function _config() internal view returns (address) {
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes2(0xd694), address(this), bytes1(0x01))))));
    }

    function _word(uint256 offset) internal view returns (bytes32 w) {
        return _wordOf(_config(), offset);
    }

    /// @dev The 32 configuration bytes at `offset` of the data contract `config` (== `_config()`).
    function _wordOf(address config, uint256 offset) internal view returns (bytes32 w) {
        assembly ("memory-safe") {
            extcodecopy(config, 0x00, add(offset, 1), 0x20)
            w := mload(0x00)
        }
    }

    function _copyConfig(uint256 offset, uint256 length) internal view returns (bytes memory out) {
        out = new bytes(length);
        address config = _config();
        assembly ("memory-safe") {
            extcodecopy(config, add(out, 0x20), add(offset, 1), length)
        }
    }

    function _address(uint256 offset) internal view returns (address) {
        return address(bytes20(_word(offset)));
    }

    function _u96(uint256 offset) internal view returns (uint256) {
        return uint96(bytes12(_word(offset)));
    }

    function _u40(uint256 offset) internal view returns (uint256) {
        return uint40(bytes5(_word(offset)));
    }

    function _u32(uint256 offset) internal view returns (uint256) {
        return uint32(bytes4(_word(offset)));
    }

    function _slotCount() internal view returns (uint256) {
        return uint8(_word(_COUNTS)[1]);
    }

    /// @dev The group and release key of `slot`; reverts for a slot that does not exist.
    function _slotConfig(uint256 slot) internal view returns (uint256 group, address releaseKey) {
        bytes32 counts = _word(_COUNTS);
        uint256 slotCount = uint8(counts[1]);
        if (slot >= slotCount) revert IRelease.ReleaseUnknownSlot(slot, slotCount);
        bytes32 w = _word(_GROUPS + 2 * uint8(counts[0]) + 21 * slot);
        return (uint8(w[0]), address(bytes20(w << 8)));
    }

    /// @dev Where the share address of `slot` (an existing slot) is in the configuration.
    function _shareAddressOffset(uint256 slot) internal view returns (uint256) {
        bytes32 counts = _word(_COUNTS);
        return _GROUPS + 2 * uint256(uint8(counts[0])) + 21 * uint256(uint8(counts[1])) + 20 * slot;
    }

    /// @dev Threshold, first slot and size of `group` (an existing group): all groups' pairs are in one word.
    function _groupConfig(uint256 group) internal view returns (uint256 threshold, uint256 first, uint256 size) {
        bytes32 w = _word(_GROUPS);
        for (uint256 g; g < group; ++g) {
            first += uint8(w[2 * g + 1]);
        }
        return (uint8(w[2 * group]), first, uint8(w[2 * group + 1]));
    }

    /// @dev The slot status, with a published share (a bit of `published`) read as Published unless
    /// the slot was slashed since (an accusation committed before funding, spec §6.3).
    function _status(uint256 slot, IRelease.SlotStatus stored, uint256 published) internal pure returns (IRelease.SlotStatus) {
        return stored != IRelease.SlotStatus.Slashed && published & (1 << slot) != 0 ? IRelease.SlotStatus.Published : stored;
    }

    /// @dev The number of set bits of a 32-bit `x`.
    function _popcount(uint256 x) internal pure returns (uint256) {
        // Cannot overflow: SWAR on 32 bits; the product's top byte is the count.
        unchecked {
            x = x - ((x >> 1) & 0x55555555);
            x = (x & 0x33333333) + ((x >> 2) & 0x33333333);
            x = (x + (x >> 4)) & 0x0F0F0F0F;
            return ((x * 0x01010101) >> 24) & 0xFF;
        }
    }

    /// @dev The fans' pool: a quarter of each deposit slashed while Open, plus what settlement added.
    function _fanPool() internal view returns (uint256) {
        uint256 slashed = _openSlashedCount;
        uint256 pool = slashed == 0 ? 0 : slashed * (_u96(_DEPOSIT) / 4);
        // `_settledToFans` is only written by settlement (to Settled or Failed): before that it is 0,
        // and not reading it keeps a cold slot (2,100 gas) out of an accusation (spec §12).
        IRelease.State current = _state;
        if (current == IRelease.State.Settled || current == IRelease.State.Failed) pool += _settledToFans;
        return pool;
    }

    function _acceptanceDigest(uint256 slot, address keyholder) internal view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(_ACCEPTANCE_TYPEHASH, keyholder, slot, _word(_TERMS_HASH))));
    }

    function _leakProofDigest(address keyholder, address beneficiary) internal view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(abi.encode(_LEAK_PROOF_TYPEHASH, block.chainid, address(this), keyholder, beneficiary))
        );
    }

    /// @dev The artist's fixed fee: what remains of the goal after the keyholders' fees and the reputation share.
    function _artistFee() internal view returns (uint256) {
        uint256 goal = _u96(_GOAL);
        return goal - _u96(_FEE) * _slotCount() - goal * _REPUTATION_BPS / _BPS;
    }

    /// @dev min(sampleCount, fragmentCount): how many fragments are sampled.
    function _samplesDue() internal view returns (uint256) {
        uint256 count = _u32(_FRAGMENT_COUNT);
        uint256 wanted = uint8(_word(_SAMPLE_COUNT)[0]);
        return wanted < count ? wanted : count;
    }

    /// @dev Whether the revealed sample keys are those `secret` derives (see {IRelease-sampleKeysDeriveFrom}).
    function _sampleKeysDeriveFrom(uint256 secret) internal view returns (bool) {
        bytes32 revealed = _sampleKeysHash;
        if (revealed == 0) return false;
        uint256[] memory fragments = _sampleIndices(_sampleDraw.seed, _u32(_FRAGMENT_COUNT), _samplesDue());
        bytes32 prk = FragmentKeys.extract(secret);
        for (uint256 j; j < fragments.length; ++j) {
            // In place: the indices are not needed once their keys are derived.
            fragments[j] = FragmentKeys.key(prk, fragments[j]);
        }
        return keccak256(abi.encodePacked(fragments)) == revealed;
    }

    /**
     * @dev The sample rule (spec §4.1, archive-format.md §6): candidate c is
     * keccak256(abi.encode(seed, c)) mod `count`, taken unless already taken, until `r` distinct
     * fragments are (r <= count, so it ends). The modulo bias is below count / 2^256.
     */
    function _sampleIndices(bytes32 seed, uint256 count, uint256 r) internal pure returns (uint256[] memory taken) {
        taken = new uint256[](r);
        uint256 found;
        for (uint256 c; found < r; ++c) {
            uint256 candidate = uint256(keccak256(abi.encode(seed, c))) % count;
            bool seen;
            for (uint256 j; j < found && !seen; ++j) {
                seen = taken[j] == candidate;
            }
            if (!seen) {
                taken[found] = candidate;
                ++found;
            }
        }
    }
}
