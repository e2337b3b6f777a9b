// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ReleaseFixture} from "./utils/ReleaseFixture.sol";
import {FragmentTree} from "./utils/FragmentTree.sol";
import {IRelease} from "../contracts/interfaces/IRelease.sol";

/**
 * @notice The sampled keys are bound to the secret (spec §4.1): an artist who sealed the work to
 * keys unrelated to s passes the sampling (its keys match its own tree), but once s is on chain the
 * release derives the sampled fragments' keys from it, finds other keys, and fails: every pledge
 * and every deposit returns, the artist is paid nothing.
 */
contract SampleBindingTest is ReleaseFixture {
    /// @dev The secret the forging artist derived its fragment keys from, instead of SECRET.
    uint256 private constant OTHER = 0x07e4000000000000000000000000000000000000000000000000000000000002;

    IRelease private forged;

    function setUp() public override {
        super.setUp();
        IRelease.Params memory p = _params(address(0));
        p.fragmentRoot = FragmentTree.root(_fragmentLeaves(OTHER, FRAGMENTS));
        // The fixture reveals the keys of the tree's secret: the forger knows its own keys.
        fragmentSecretOf[p.secretAddress] = OTHER;
        forged = _create(p, "forged");
        _enrolAll(forged);
    }

    function _fundForged() private {
        _pledge(forged, fan, GOAL);
        _afterFunding();
    }

    function test_SampleKeysDeriveFrom_TrueOnlyForTheSecretOfTheRevealedKeys() public {
        _fundForged();
        vm.assertTrue(forged.sampleKeysDeriveFrom(OTHER), "the forger's keys are OTHER's");
        vm.assertFalse(forged.sampleKeysDeriveFrom(SECRET), "not the release secret's");
        fragmentSecretOf[vm.addr(SECRET)] = SECRET;
        vm.assertFalse(release.sampleKeysDeriveFrom(SECRET), "false before any key is revealed");
        _fund(release);
        vm.assertTrue(release.sampleKeysDeriveFrom(SECRET), "an honest release's keys are its secret's");
        vm.assertFalse(release.sampleKeysDeriveFrom(OTHER), "and no other secret's");
    }

    function test_ForgedKeys_GroupRecombinationFailsTheRelease() public {
        _fundForged();
        _publish(forged, 0);
        vm.expectEmit(address(forged));
        emit IRelease.SecretRecovered(0, SECRET);
        vm.expectEmit(address(forged));
        emit IRelease.SampleKeysNotDerived();
        _publish(forged, 1);
        _assertFailedWithEverythingReturned(forged, 2);
    }

    function test_ForgedKeys_AuthorReleaseFailsTheRelease() public {
        _fundForged();
        vm.expectEmit(address(forged));
        emit IRelease.SampleKeysNotDerived();
        forged.authorRelease(SECRET);
        _assertFailedWithEverythingReturned(forged, 0);
    }

    /// A leak committed while Open and revealed after the failure still takes the deposit: the
    /// failure gave no deposit to the fans, so the leaker must not get it back (nor the artist be
    /// able to void an accusation by failing its own release).
    function test_ForgedKeys_LeakCommittedWhileOpenStillSlashesAfterTheFailure() public {
        address beneficiary = vm.addr(0xB0B);
        bytes memory proof = _leakProof(forged, keys[4], keyholders[4], beneficiary);
        bytes32 salt = _commit(forged, address(this), 4, beneficiary, proof);
        _fundForged();
        forged.authorRelease(SECRET);
        vm.assertEq(_state(forged), uint256(IRelease.State.Failed), "failed with the secret out");
        forged.accuse(4, beneficiary, proof, salt);
        (,,, IRelease.SlotStatus status,) = forged.slotInfo(4);
        vm.assertEq(uint256(status), uint256(IRelease.SlotStatus.Slashed), "the leaker's deposit is taken");
        (, uint256 bounty,) = forged.bountyOf(4);
        vm.assertEq(bounty, DEPOSIT / 2, "half to the beneficiary");
        vm.assertEq(forged.summary().fanPool, DEPOSIT / 4, "a quarter to the fans");
        uint256 before = fan.balance;
        vm.prank(fan);
        forged.claimRefund();
        vm.assertEq(fan.balance - before, GOAL + DEPOSIT / 4, "the pledge and the fans' quarter");
        _pastAccusationWindow(forged);
        vm.expectRevert();
        forged.claimDeposit(4);
    }

    /// After the failure the secret is public: a release key "leaked" then proves nothing.
    function test_ForgedKeys_LeakCommittedAfterTheFailureIsRefused() public {
        _fundForged();
        forged.authorRelease(SECRET);
        address beneficiary = vm.addr(0xB0B);
        bytes memory proof = _leakProof(forged, keys[4], keyholders[4], beneficiary);
        bytes32 salt = _commit(forged, address(this), 4, beneficiary, proof);
        vm.expectPartialRevert(IRelease.ReleaseCommittedWhileKeysDue.selector);
        forged.accuse(4, beneficiary, proof, salt);
        vm.assertFalse(registry.profile(keyholders[4]).slashed, "not slashed in the registry either");
    }

    /// One forged fragment among honest ones: the release fails if the samples include it.
    function testFuzz_OneForgedFragment_FailsExactlyWhenSampled(uint256 which) public {
        uint256 forgedIndex = which % FRAGMENTS;
        bytes32[] memory leaves = _fragmentLeaves(SECRET, FRAGMENTS);
        leaves[forgedIndex] = FragmentTree.leaf(forgedIndex, vm.addr(_fragmentKey(OTHER, forgedIndex)));
        IRelease.Params memory p = _params(address(0));
        p.fragmentRoot = FragmentTree.root(leaves);
        IRelease r = _create(p, keccak256(abi.encode("one forged", which)));
        _enrolEvery(r);
        _pastBeacon(r);
        r.drawSamples();
        (,,, uint256[] memory fragments) = r.samples();
        uint256[] memory sampleKeys = new uint256[](fragments.length);
        bytes32[][] memory proofs = new bytes32[][](fragments.length);
        bool sampled;
        for (uint256 j; j < fragments.length; ++j) {
            sampled = sampled || fragments[j] == forgedIndex;
            sampleKeys[j] = _fragmentKey(fragments[j] == forgedIndex ? OTHER : SECRET, fragments[j]);
            proofs[j] = FragmentTree.proof(leaves, fragments[j]);
        }
        r.revealSamples(sampleKeys, proofs);
        _pledge(r, fan, GOAL);
        _afterFunding();
        r.authorRelease(SECRET);
        vm.assertEq(_state(r), uint256(sampled ? IRelease.State.Failed : IRelease.State.Released), "failed iff the forged fragment was sampled");
    }

    function test_HonestKeys_RecombinationReleases() public {
        fragmentSecretOf[vm.addr(SECRET)] = SECRET;
        _fund(release);
        _publish(release, 0);
        _publish(release, 1);
        vm.assertEq(_state(release), uint256(IRelease.State.Released), "released");
    }

    /// @dev Failed with the secret public; the fan gets the whole pledge back, every keyholder its
    /// deposit (the `published` who published and the rest, who no longer can), the artist nothing,
    /// and the keyholders only the cool-down of a delivered release.
    function _assertFailedWithEverythingReturned(IRelease r, uint256 published) private {
        vm.assertEq(_state(r), uint256(IRelease.State.Failed), "failed");
        vm.assertTrue(r.summary().secretPublished, "the secret is out all the same");
        vm.expectRevert();
        r.publishShare(published, shares[published]);
        vm.expectRevert();
        r.settle();
        vm.expectRevert();
        r.claimArtistFee();

        uint256 before = fan.balance;
        vm.prank(fan);
        r.claimRefund();
        vm.assertEq(fan.balance - before, GOAL, "the whole pledge returns");
        for (uint256 i; i < SLOTS; ++i) {
            before = payouts[i].balance;
            _claimDeposit(r, i);
            vm.assertEq(payouts[i].balance - before, DEPOSIT, "every deposit returns");
            vm.assertLe(registry.profile(keyholders[i]).coolDownEnds, block.timestamp + registry.COOL_DOWN(), "no failure lock");
        }
        vm.assertEq(address(r).balance, 0, "nothing left in the release");
    }
}
