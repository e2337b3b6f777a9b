// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ReleaseFixture} from "./utils/ReleaseFixture.sol";
import {FragmentTree} from "./utils/FragmentTree.sol";
import {IRelease} from "../contracts/interfaces/IRelease.sol";

/**
 * @notice Random-sample previews (spec §4.1): once every slot is enrolled, the hash of the block
 * SAMPLE_DELAY blocks later picks fragments whose keys must be revealed, checked against the
 * fragment tree, before pledging opens; otherwise the release is cancelled and deposits return.
 */
contract SamplingTest is ReleaseFixture {
    uint256 private constant SAMPLING = 1 << uint256(IRelease.State.Sampling);

    function _beacon() private view returns (uint256 beacon) {
        (beacon,,,) = release.samples();
    }

    // ============================================================ the beacon, block by block

    function test_DrawSamples_AtBeaconRefusedAtBeaconPlusOneDrawn() public {
        _enrolEvery(release);
        uint256 beacon = _beacon();
        vm.roll(beacon);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseBeaconNotMined.selector, beacon, beacon));
        release.drawSamples();
        vm.roll(beacon + 1);
        bytes27 seed = bytes27(blockhash(beacon));
        vm.expectEmit(address(release));
        emit IRelease.SamplesDrawn(seed, _rule(seed, FRAGMENTS, SAMPLES), block.timestamp + release.SAMPLE_WINDOW());
        release.drawSamples();
        (, bytes32 drawn, uint256 revealBy, uint256[] memory fragments) = release.samples();
        vm.assertEq(drawn, seed, "the first 27 bytes of the beacon block's hash");
        vm.assertEq(revealBy, block.timestamp + 2 days, "keys due in SAMPLE_WINDOW");
        vm.assertEq(fragments, _rule(seed, FRAGMENTS, SAMPLES), "the sample rule, as any client computes it");
        vm.expectRevert(IRelease.ReleaseSamplesAlreadyDrawn.selector);
        release.drawSamples();
    }

    function test_DrawSamples_LastChanceAtBeaconPlus256ThenLostAndCancellable() public {
        _enrolEvery(release);
        uint256 beacon = _beacon();
        vm.roll(beacon + 256);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseDeadlineNotReached.selector, beacon + 257, beacon + 256));
        release.cancel();
        vm.roll(beacon + 257);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseBeaconLost.selector, beacon, beacon + 257));
        release.drawSamples();
        release.cancel();
        vm.assertEq(_state(release), uint256(IRelease.State.Cancelled), "cancelled: no other seed is fair");
        _pastAccusationWindow(release);
        uint256 before = payouts[0].balance;
        _claimDeposit(release, 0);
        vm.assertEq(payouts[0].balance, before + DEPOSIT, "the deposit returns");
    }

    function test_DrawSamples_OnTheLastBlockBeforeTheHorizon() public {
        _enrolEvery(release);
        uint256 beacon = _beacon();
        vm.roll(beacon + 256);
        release.drawSamples();
        (, bytes32 seed,,) = release.samples();
        vm.assertEq(seed, bytes27(blockhash(beacon)), "still the beacon's own hash");
    }

    // ============================================================ the reveal window, second by second

    function test_RevealSamples_AtRevealByMinusOneOpens() public {
        _drawn();
        (, , uint256 revealBy,) = release.samples();
        vm.warp(revealBy - 1);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseDeadlineNotReached.selector, revealBy, revealBy - 1));
        release.cancel();
        (uint256[] memory keys, bytes32[][] memory proofs) = _sampleReveal(release, FRAGMENTS);
        (,,, uint256[] memory fragments) = release.samples();
        vm.expectEmit(address(release));
        emit IRelease.SamplesRevealed(fragments, keys);
        vm.expectEmit(address(release));
        emit IRelease.StateChanged(IRelease.State.Sampling, IRelease.State.Open);
        release.revealSamples(keys, proofs);
        vm.assertEq(_state(release), uint256(IRelease.State.Open), "pledging opens");
        _pledge(release, fan, 1 ether);
    }

    function test_RevertWhen_RevealSamplesAtRevealByThenCancelled() public {
        _drawn();
        (, , uint256 revealBy,) = release.samples();
        (uint256[] memory keys, bytes32[][] memory proofs) = _sampleReveal(release, FRAGMENTS);
        vm.warp(revealBy);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseDeadlinePassed.selector, revealBy, revealBy));
        release.revealSamples(keys, proofs);
        vm.warp(revealBy + 1);
        release.cancel();
        vm.assertEq(_state(release), uint256(IRelease.State.Cancelled), "samples not revealed in time: cancelled");
    }

    // ============================================================ what is refused

    function test_RevertWhen_RevealSamplesBeforeTheDraw() public {
        _enrolEvery(release);
        uint256[] memory keys = new uint256[](SAMPLES);
        bytes32[][] memory proofs = new bytes32[][](SAMPLES);
        vm.expectRevert(IRelease.ReleaseSamplesNotDrawn.selector);
        release.revealSamples(keys, proofs);
    }

    function test_RevertWhen_PledgeWhileSampling() public {
        _enrolEvery(release);
        vm.deal(fan, 1 ether);
        vm.prank(fan);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRelease.ReleaseWrongState.selector, IRelease.State.Sampling, 1 << uint256(IRelease.State.Open)
            )
        );
        release.pledge{value: 1 ether}(1 ether);
    }

    function test_RevertWhen_RevealSamplesWrongKey() public {
        _drawn();
        (uint256[] memory keys, bytes32[][] memory proofs) = _sampleReveal(release, FRAGMENTS);
        (,,, uint256[] memory fragments) = release.samples();
        keys[1] = keys[1] == 1 ? 2 : keys[1] - 1;
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidSample.selector, 1, fragments[1]));
        release.revealSamples(keys, proofs);
        keys[1] = 0;
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidSample.selector, 1, fragments[1]));
        release.revealSamples(keys, proofs);
        keys[1] = N;
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidSample.selector, 1, fragments[1]));
        release.revealSamples(keys, proofs);
    }

    function test_RevertWhen_RevealSamplesWrongProof() public {
        _drawn();
        (uint256[] memory keys, bytes32[][] memory proofs) = _sampleReveal(release, FRAGMENTS);
        (,,, uint256[] memory fragments) = release.samples();
        proofs[2][0] = bytes32(uint256(proofs[2][0]) ^ 1);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidSample.selector, 2, fragments[2]));
        release.revealSamples(keys, proofs);
    }

    /// The key and proof of a fragment that was not sampled, however valid, do not stand for a sampled one.
    function test_RevertWhen_RevealSamplesKeyOfAFragmentNotSampled() public {
        _drawn();
        (uint256[] memory keys, bytes32[][] memory proofs) = _sampleReveal(release, FRAGMENTS);
        (,,, uint256[] memory fragments) = release.samples();
        uint256 other = _notSampled(fragments, FRAGMENTS);
        keys[0] = _fragmentKey(SECRET, other);
        proofs[0] = FragmentTree.proof(_fragmentLeaves(SECRET, FRAGMENTS), other);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidSample.selector, 0, fragments[0]));
        release.revealSamples(keys, proofs);
    }

    /// Revealing one sample's key twice (a duplicate) fails at the second: each sample is its own fragment.
    function test_RevertWhen_RevealSamplesDuplicateKey() public {
        _drawn();
        (uint256[] memory keys, bytes32[][] memory proofs) = _sampleReveal(release, FRAGMENTS);
        (,,, uint256[] memory fragments) = release.samples();
        (keys[1], proofs[1]) = (keys[0], proofs[0]);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidSample.selector, 1, fragments[1]));
        release.revealSamples(keys, proofs);
    }

    function test_RevertWhen_RevealSamplesWrongCount() public {
        _drawn();
        (uint256[] memory keys, bytes32[][] memory proofs) = _sampleReveal(release, FRAGMENTS);
        uint256[] memory fewer = new uint256[](SAMPLES - 1);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseWrongSampleCount.selector, SAMPLES - 1, SAMPLES));
        release.revealSamples(fewer, proofs);
        bytes32[][] memory more = new bytes32[][](SAMPLES + 1);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseWrongSampleCount.selector, SAMPLES + 1, SAMPLES));
        release.revealSamples(keys, more);
    }

    function test_RevertWhen_SampleParamsOutOfRange() public {
        IRelease.Params memory p = _params(address(0));
        p.sampleCount = 0;
        _expectInvalid(p, "sampleCount");
        p.sampleCount = uint8(release.MAX_SAMPLES() + 1);
        _expectInvalid(p, "sampleCount");
        p = _params(address(0));
        p.fragmentCount = 0;
        _expectInvalid(p, "fragmentCount");
        p = _params(address(0));
        p.fragmentRoot = 0;
        _expectInvalid(p, "fragmentRoot");
    }

    /// Sampling every fragment would publish the work before anyone pays: at least one stays unrevealed.
    function test_RevertWhen_SampleCountNotBelowFragmentCount() public {
        IRelease.Params memory p = _params(address(0));
        (p.fragmentRoot, p.fragmentCount, p.sampleCount) = (FragmentTree.root(_fragmentLeaves(SECRET, 2)), 2, 2);
        _expectInvalid(p, "sampleCount");
        p.fragmentCount = 1;
        p.sampleCount = 1;
        _expectInvalid(p, "sampleCount");
        p.fragmentCount = 3;
        p.sampleCount = 2;
        release = _create(p, "two of three");
        _enrolEvery(release);
        _pastBeacon(release);
        release.drawSamples();
        (,,, uint256[] memory fragments) = release.samples();
        vm.assertEq(fragments.length, 2, "two of three sampled");
        vm.assertTrue(fragments[0] != fragments[1], "distinct");
    }

    /// An accusation committed while Sampling is judged as one committed while Enrolling: no fans yet.
    function test_Accuse_CommittedWhileSamplingIsJudgedAsEnrolling() public {
        _enrolEvery(release);
        bytes memory proof = _leakProof(release, keys[2], keyholders[2], address(0xB0B));
        bytes32 salt = _commit(release, address(this), 2, address(0xB0B), proof);
        _openSampled(release);
        release.accuse(2, address(0xB0B), proof, salt);
        vm.assertEq(release.summary().fanPool, 0, "no quarter to fans that did not exist yet");
        (address bound, uint256 owed,) = release.bountyOf(2);
        vm.assertEq(bound, address(0xB0B), "bounty bound");
        vm.assertEq(owed, DEPOSIT / 2, "half the deposit");
    }

    // ============================================================ fuzz: any archive size, any sample count

    /// Over fragment counts 2..10,000 and sample counts 1..min(16, F - 1), the contract samples exactly the
    /// fragments the rule gives and accepts exactly their keys. Only the sampled leaves carry real
    /// keys (the others are arbitrary hashes, as good a tree): the seed is read ahead, from the
    /// block hash the beacon block will have (the test chain's hashes depend on the number alone).
    /// 1,000 runs in every profile: a run builds a tree of up to 10,000 leaves in the EVM (~20 ms),
    /// so the CI profile's 10,000 would add minutes for no new path.
    /// hardhat-config: fuzz.runs = 1000
    function testFuzz_RevealSamples_AnySizeExactlyTheRuledFragments(uint256 countSeed, uint256 samplesSeed) public {
        uint256 count = 2 + countSeed % 9_999;
        uint256 maxSamples = count - 1 < release.MAX_SAMPLES() ? count - 1 : release.MAX_SAMPLES();
        uint256 r = 1 + samplesSeed % maxSamples;
        uint256 start = block.number;
        uint256 beacon = start + release.SAMPLE_DELAY();
        vm.roll(beacon + 1);
        bytes27 seed = bytes27(blockhash(beacon));
        vm.roll(start);
        uint256[] memory sampled = _rule(seed, count, r);
        bytes32[] memory leaves = new bytes32[](count);
        for (uint256 e; e < count; ++e) {
            leaves[e] = keccak256(abi.encode("unsampled", e));
        }
        for (uint256 j; j < sampled.length; ++j) {
            leaves[sampled[j]] = FragmentTree.leaf(sampled[j], vm.addr(_fragmentKey(SECRET, sampled[j])));
        }
        bytes32[][] memory tree = FragmentTree.levels(leaves);
        IRelease.Params memory p = _params(address(0));
        (p.fragmentRoot, p.fragmentCount, p.sampleCount) = (tree[tree.length - 1][0], uint32(count), uint8(r));
        IRelease rel = _create(p, keccak256(abi.encode(count, r)));
        _enrolEvery(rel);
        vm.roll(beacon + 1);
        rel.drawSamples();
        (,,, uint256[] memory fragments) = rel.samples();
        vm.assertEq(fragments, sampled, "the rule's fragments");
        uint256[] memory keys = new uint256[](sampled.length);
        bytes32[][] memory proofs = new bytes32[][](sampled.length);
        for (uint256 j; j < sampled.length; ++j) {
            keys[j] = _fragmentKey(SECRET, sampled[j]);
            proofs[j] = FragmentTree.proofIn(tree, sampled[j]);
        }
        rel.revealSamples(keys, proofs);
        vm.assertEq(uint256(rel.state()), uint256(IRelease.State.Open), "open");
    }

    // ============================================================ helpers

    function _drawn() private {
        _enrolEvery(release);
        _pastBeacon(release);
        release.drawSamples();
    }

    /// @dev The sample rule, written again from the spec (not the contract's code).
    function _rule(bytes32 seed, uint256 count, uint256 wanted) private pure returns (uint256[] memory taken) {
        uint256 r = wanted < count ? wanted : count;
        taken = new uint256[](r);
        uint256 found;
        for (uint256 c; found < r; ++c) {
            uint256 i = uint256(keccak256(abi.encode(seed, c))) % count;
            bool seen;
            for (uint256 j; j < found; ++j) {
                if (taken[j] == i) seen = true;
            }
            if (!seen) taken[found++] = i;
        }
    }

    function _notSampled(uint256[] memory fragments, uint256 count) private pure returns (uint256) {
        for (uint256 e; e < count; ++e) {
            bool sampled;
            for (uint256 j; j < fragments.length; ++j) {
                if (fragments[j] == e) sampled = true;
            }
            if (!sampled) return e;
        }
        revert("every fragment sampled");
    }

    function _expectInvalid(IRelease.Params memory p, string memory reason) private {
        vm.prank(artist);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidParams.selector, reason));
        factory.createRelease(p, keccak256(bytes(reason)));
    }
}
