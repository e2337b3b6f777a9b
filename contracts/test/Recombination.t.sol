// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ReleaseFixture} from "./utils/ReleaseFixture.sol";
import {Feldman} from "./utils/Feldman.sol";
import {IRelease} from "../contracts/interfaces/IRelease.sol";

/**
 * @notice On-chain recombination (spec §6.1): shares published in any order, a group of any M-of-N
 * recombines the secret exactly when its M-th share arrives, wrong shares and shares of another
 * slot or group are refused, secrets at the edges of the field work, and a group whose share
 * addresses do not lie on a polynomial through S is marked invalid (10,000 runs in the CI profile).
 */
contract RecombinationTest is ReleaseFixture {
    /// @dev Most slots a fuzzed group has: larger groups are covered by the 32-of-32 tests.
    uint256 private constant MAX_FUZZ_SIZE = 12;

    function testFuzz_Recombine_AnyMofNAnyOrder(uint256 seed, uint256 m, uint256 size, uint256 secret) public {
        size = bound(size, 1, MAX_FUZZ_SIZE);
        m = bound(m, 1, size);
        secret = _edgeOrAny(seed, secret);
        (IRelease r, uint256[] memory groupShares) = _groupRelease(m, size, secret, secret, seed, "fuzz");
        _fundGroupRelease(r, size);
        uint256[] memory order = _permutation(size, seed);

        for (uint256 k; k < size; ++k) {
            uint256 slot = order[k];
            // A wrong scalar, or the share of another slot, is refused.
            vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidShare.selector, slot, vm.addr(groupShares[slot])));
            r.publishShare(slot, addmod(groupShares[slot], 1, N));
            if (m > 1) {
                // (with M = 1 every share is s itself)
                uint256 other = order[(k + 1) % size];
                vm.expectRevert(
                    abi.encodeWithSelector(IRelease.ReleaseInvalidShare.selector, slot, vm.addr(groupShares[slot]))
                );
                r.publishShare(slot, groupShares[other]);
            }
            if (k + 1 == m) {
                vm.expectEmit(address(r));
                emit IRelease.SecretRecovered(0, secret);
            }
            r.publishShare(slot, groupShares[slot]);
            uint256 expected = k + 1 < m ? uint256(IRelease.State.Funded) : uint256(IRelease.State.Released);
            vm.assertEq(_state(r), expected, "Released exactly at the M-th share");
        }
        vm.assertEq(r.summary().publishedCount, size, "late shares accepted");
        vm.assertTrue(r.summary().secretPublished, "the secret is on chain");
    }

    /// A share of the backup group is never a share of the first: each slot has its own point.
    function testFuzz_Recombine_ShareOfAnotherGroupRefused(uint256 slot, uint256 otherSlot) public {
        slot = bound(slot, 0, 1);
        otherSlot = bound(otherSlot, 2, 4);
        _fund(release);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidShare.selector, slot, vm.addr(shares[slot])));
        release.publishShare(slot, shares[otherSlot]);
        // One share of each group is no group at M.
        _publish(release, slot);
        _publish(release, otherSlot);
        vm.assertEq(_state(release), uint256(IRelease.State.Funded), "one share per group releases nothing");
    }

    /// An artist whose share addresses lie on a polynomial through another secret: the group says
    /// so and never releases; its later shares are still accepted; nothing else is stuck.
    function testFuzz_Recombine_InvalidGroupNeverReleases(uint256 seed, uint256 m, uint256 size) public {
        size = bound(size, 2, MAX_FUZZ_SIZE);
        m = bound(m, 1, size - 1);
        (IRelease r, uint256[] memory groupShares) = _groupRelease(m, size, SECRET, SECRET ^ 1, seed, "invalid");
        _fundGroupRelease(r, size);
        uint256[] memory order = _permutation(size, seed);
        for (uint256 k; k < size; ++k) {
            if (k + 1 == m) {
                vm.expectEmit(address(r));
                emit IRelease.GroupInvalid(0);
            }
            r.publishShare(order[k], groupShares[order[k]]);
            vm.assertEq(_state(r), uint256(IRelease.State.Funded), "never released");
        }
        vm.assertFalse(r.isDecryptable(), "not decryptable");
        vm.warp(_revealDeadline(r));
        r.settle();
        vm.assertEq(_state(r), uint256(IRelease.State.Failed), "fails: fans refunded");
        _claimDeposit(r, order[0]);
        vm.assertEq(payouts[0].balance, DEPOSIT, "a keyholder who published gets its deposit back");
    }

    function test_Recombine_InvalidGroupThenBackupGroupReleases() public {
        IRelease.Params memory p = _params(address(0));
        // Group 0's share addresses come from a polynomial through another secret.
        uint256[] memory bad = Feldman.split(SECRET + 1, 2, 2, 7);
        (p.shareAddresses[0], p.shareAddresses[1]) = (vm.addr(bad[0]), vm.addr(bad[1]));
        IRelease r = _create(p, "backup");
        _enrolAll(r);
        _pledge(r, fan, GOAL);
        _afterFunding();
        r.publishShare(0, bad[0]);
        vm.expectEmit(address(r));
        emit IRelease.GroupInvalid(0);
        r.publishShare(1, bad[1]);
        _publish(r, 2);
        vm.expectEmit(address(r));
        emit IRelease.SecretRecovered(1, SECRET);
        _publish(r, 3);
        vm.assertEq(_state(r), uint256(IRelease.State.Released), "the backup group released it");
    }

    function test_Recombine_ThirtyTwoOfThirtyTwo() public {
        (IRelease r, uint256[] memory groupShares) = _groupRelease(32, 32, N - 1, N - 1, 32, "32");
        _fundGroupRelease(r, 32);
        for (uint256 i = 32; i > 1; --i) {
            r.publishShare(i - 1, groupShares[i - 1]);
        }
        vm.assertEq(_state(r), uint256(IRelease.State.Funded), "31 of 32 release nothing");
        vm.expectEmit(address(r));
        emit IRelease.SecretRecovered(0, N - 1);
        r.publishShare(0, groupShares[0]);
        vm.assertEq(_state(r), uint256(IRelease.State.Released), "released");
    }

    /// @dev One time in four an edge of the field (1 or n - 1), else any valid secret.
    function _edgeOrAny(uint256 seed, uint256 secret) private pure returns (uint256) {
        uint256 pick = uint256(keccak256(abi.encode(seed, "edge"))) % 8;
        if (pick == 0) return 1;
        if (pick == 1) return N - 1;
        return bound(secret, 1, N - 1);
    }

    /// @dev A permutation of 0..size-1 (Fisher-Yates on `seed`).
    function _permutation(uint256 size, uint256 seed) private pure returns (uint256[] memory order) {
        order = new uint256[](size);
        for (uint256 i; i < size; ++i) {
            order[i] = i;
        }
        for (uint256 i = size; i > 1; --i) {
            uint256 j = uint256(keccak256(abi.encode(seed, i))) % i;
            (order[i - 1], order[j]) = (order[j], order[i - 1]);
        }
    }
}
