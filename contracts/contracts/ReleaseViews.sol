// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IRelease} from "./interfaces/IRelease.sol";
import {IKeyholderRegistry} from "./interfaces/IKeyholderRegistry.sol";
import {ReleaseBase} from "./ReleaseBase.sol";

/**
 * @title ReleaseViews
 * @notice The views of every release (the views of {IRelease}). A release's fallback delegates to this
 * contract, so its code runs on the release clone's storage and configuration; called directly it
 * reads an empty release. Only views: it must never hold a function that changes state, since it
 * runs with the release's authority (test/node/abi.test.js checks that).
 */
contract ReleaseViews is ReleaseBase {

    /// @dev See {IRelease}.
    function summary() external view returns (IRelease.Summary memory) {
        return IRelease.Summary({
            state: _state,
            artist: _address(_ARTIST),
            token: _address(_TOKEN),
            goal: uint96(_u96(_GOAL)),
            totalPledged: _totalPledged,
            fanPool: uint96(_fanPool()),
            enrolDeadline: uint40(_u40(_ENROL_DEADLINE)),
            pledgeDeadline: uint40(_u40(_PLEDGE_DEADLINE)),
            revealDeadline: _revealDeadline,
            slotCount: uint8(_slotCount()),
            enrolledCount: _enrolledCount,
            publishedCount: uint8(_popcount(_sharesPublished)),
            secretPublished: _secretPublished
        });
    }

    /// @dev See {IRelease}.
    function params() external view returns (IRelease.Params memory p) {
        p.token = _address(_TOKEN);
        p.goal = uint96(_u96(_GOAL));
        p.deposit = uint96(_u96(_DEPOSIT));
        p.keyholderFee = uint96(_u96(_FEE));
        p.enrolDeadline = uint40(_u40(_ENROL_DEADLINE));
        p.pledgeDeadline = uint40(_u40(_PLEDGE_DEADLINE));
        p.revealWindow = uint32(_u32(_REVEAL_WINDOW));
        p.secretAddress = _address(_SECRET_ADDRESS);
        p.manifestHash = _word(_MANIFEST_HASH);
        p.commitmentsHash = _word(_COMMITMENTS_HASH);
        bytes32 counts = _word(_COUNTS);
        uint256 groupCount = uint8(counts[0]);
        uint256 slotCount = uint8(counts[1]);
        p.groupThresholds = new uint8[](groupCount);
        p.groupSizes = new uint8[](groupCount);
        for (uint256 g; g < groupCount; ++g) {
            bytes32 w = _word(_GROUPS + 2 * g);
            (p.groupThresholds[g], p.groupSizes[g]) = (uint8(w[0]), uint8(w[1]));
        }
        p.releaseKeys = new address[](slotCount);
        for (uint256 i; i < slotCount; ++i) {
            (, p.releaseKeys[i]) = _slotConfig(i);
        }
        p.shareAddresses = new address[](slotCount);
        for (uint256 i; i < slotCount; ++i) {
            p.shareAddresses[i] = _address(_shareAddressOffset(i));
        }
        p.fragmentRoot = _word(_FRAGMENT_ROOT);
        p.fragmentCount = uint32(_u32(_FRAGMENT_COUNT));
        p.sampleCount = uint8(_word(_SAMPLE_COUNT)[0]);
        p.archiveCid = _copyConfig(_GROUPS + 2 * groupCount + 41 * slotCount, uint8(counts[2]));
    }

    /// @dev See {IRelease}.
    function artist() external view returns (address) {
        return _address(_ARTIST);
    }

    /// @dev See {IRelease}.
    function bountyOf(uint256 slot) external view returns (address beneficiary, uint256 amount, uint256 claimableAt) {
        _slotConfig(slot);
        SlotState storage s = _slots[slot];
        Accusation storage a = _accusations[slot];
        beneficiary = a.beneficiary;
        if (s.status == IRelease.SlotStatus.Slashed && !s.claimed) {
            amount = _u96(_DEPOSIT) / 2;
            claimableAt = a.revealedAt + _ACCUSATION_WINDOW;
        }
    }

    /// @dev See {IRelease}.
    function registry() external view returns (address) {
        return _address(_REGISTRY_ADDRESS);
    }

    /// @dev See {IRelease}.
    function creditOf(address account) external view returns (uint256) {
        return _credits[account];
    }

    /// @dev See {IRelease}.
    function slotInfo(uint256 slot)
        external
        view
        returns (uint256 group, address releaseKey, address keyholder, IRelease.SlotStatus status, bool claimed)
    {
        (group, releaseKey) = _slotConfig(slot);
        SlotState storage s = _slots[slot];
        return (group, releaseKey, s.keyholder, _status(slot, s.status, _sharesPublished), s.claimed);
    }

    /// @dev See {IRelease}.
    function shareOf(uint256 slot) external view returns (uint256) {
        _slotConfig(slot);
        return _shares[slot];
    }

    /// @dev See {IRelease}.
    function groupInfo(uint256 group) external view returns (uint256 threshold, uint256 size, uint256 published) {
        if (group >= uint8(_word(_COUNTS)[0])) revert IRelease.ReleaseInvalidParams("group");
        uint256 first;
        (threshold, first, size) = _groupConfig(group);
        published = _popcount(_sharesPublished & (((1 << size) - 1) << first));
    }

    /// @dev See {IRelease}.
    function pledgeOf(address fan) external view returns (uint256) {
        return _pledges[fan];
    }

    /// @dev See {IRelease}.
    function isDecryptable() external view returns (bool) {
        return _state == IRelease.State.Released || _state == IRelease.State.Settled;
    }

    /// @dev See {IRelease}.
    function acceptanceDigest(uint256 slot, address keyholder) external view returns (bytes32) {
        return _acceptanceDigest(slot, keyholder);
    }

    /// @dev See {IRelease}.
    function leakProofDigest(address keyholder, address beneficiary) external view returns (bytes32) {
        return _leakProofDigest(keyholder, beneficiary);
    }

    /// @dev See {IRelease}.
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @dev See {IRelease}.
    function artistFee() external view returns (uint256) {
        return _artistFee();
    }

    /// @dev See {IRelease}.
    function termsHash() external view returns (bytes32) {
        return _word(_TERMS_HASH);
    }

    /// @dev See {IRelease}.
    function outsidePledged() external view returns (uint256 outside) {
        outside = _totalPledged;
        uint256 slotCount = _slotCount();
        // The release's own parties: the artist, every keyholder and its payout address. Each is
        // subtracted once however many slots it holds (a view: the quadratic loop costs nobody gas).
        address[] memory parties = new address[](1 + 2 * slotCount);
        parties[0] = _address(_ARTIST);
        uint256 count = 1;
        for (uint256 i; i < slotCount; ++i) {
            address keyholder = _slots[i].keyholder;
            if (keyholder == address(0)) continue;
            (parties[count], parties[count + 1]) = (keyholder, IKeyholderRegistry(_address(_REGISTRY_ADDRESS)).payoutOf(keyholder));
            count += 2;
        }
        for (uint256 i; i < count; ++i) {
            bool seen;
            for (uint256 j; j < i && !seen; ++j) {
                seen = parties[j] == parties[i];
            }
            if (!seen) outside -= _pledges[parties[i]];
        }
    }

    /// @dev See {IRelease}.
    function samples() external view returns (uint256 beaconBlock, bytes32 seed, uint256 revealBy, uint256[] memory fragments) {
        uint256 sampling = _history.samplingBlock;
        if (sampling != 0) beaconBlock = sampling + _SAMPLE_DELAY;
        SampleDraw memory d = _sampleDraw;
        (seed, revealBy) = (d.seed, d.revealBy);
        if (revealBy != 0) fragments = _sampleIndices(seed, _u32(_FRAGMENT_COUNT), _samplesDue());
    }

    /// @dev See {IRelease}.
    function sampleKeysDeriveFrom(uint256 secret) external view returns (bool) {
        return _sampleKeysDeriveFrom(secret);
    }

    /// @dev See {IRelease}.
    // solhint-disable-next-line func-name-mixedcase
    function SAMPLE_DELAY() external pure returns (uint256) {
        return _SAMPLE_DELAY;
    }

    /// @dev See {IRelease}.
    // solhint-disable-next-line func-name-mixedcase
    function SAMPLE_WINDOW() external pure returns (uint256) {
        return _SAMPLE_WINDOW;
    }

    /// @dev See {IRelease}.
    // solhint-disable-next-line func-name-mixedcase
    function MAX_SAMPLES() external pure returns (uint256) {
        return _MAX_SAMPLES;
    }

    /// @dev See {IRelease}.
    // solhint-disable-next-line func-name-mixedcase
    function REPUTATION_BPS() external pure returns (uint256) {
        return _REPUTATION_BPS;
    }

    /// @dev See {IRelease}.
    // solhint-disable-next-line func-name-mixedcase
    function MAX_SLOTS() external pure returns (uint256) {
        return _MAX_SLOTS;
    }

    /// @dev See {IRelease}.
    // solhint-disable-next-line func-name-mixedcase
    function MAX_GROUPS() external pure returns (uint256) {
        return _MAX_GROUPS;
    }

    /// @dev See {IRelease}.
    // solhint-disable-next-line func-name-mixedcase
    function ACCUSATION_WINDOW() external pure returns (uint256) {
        return _ACCUSATION_WINDOW;
    }
}
