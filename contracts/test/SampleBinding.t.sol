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
        _fund(forged);
    }

    function test_SampleKeysDeriveFrom_TrueOnlyForTheSecretOfTheRevealedKeys() public {
        vm.assertTrue(forged.sampleKeysDeriveFrom(OTHER), "the forger's keys are OTHER's");
        vm.assertFalse(forged.sampleKeysDeriveFrom(SECRET), "not the release secret's");
        fragmentSecretOf[vm.addr(SECRET)] = SECRET;
        vm.assertFalse(release.sampleKeysDeriveFrom(SECRET), "false before any key is revealed");
        _fund(release);
        vm.assertTrue(release.sampleKeysDeriveFrom(SECRET), "an honest release's keys are its secret's");
        vm.assertFalse(release.sampleKeysDeriveFrom(OTHER), "and no other secret's");
    }

    function test_ForgedKeys_GroupRecombinationFailsTheRelease() public {
        _publish(forged, 0);
        vm.expectEmit(address(forged));
        emit IRelease.SecretRecovered(0, SECRET);
        vm.expectEmit(address(forged));
        emit IRelease.SampleKeysNotDerived();
        _publish(forged, 1);
        _assertFailedWithEverythingReturned(forged, 2);
    }

    function test_ForgedKeys_AuthorReleaseFailsTheRelease() public {
        vm.expectEmit(address(forged));
        emit IRelease.SampleKeysNotDerived();
        forged.authorRelease(SECRET);
        _assertFailedWithEverythingReturned(forged, 0);
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
