// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ReleaseFixture} from "./utils/ReleaseFixture.sol";
import {Release} from "../contracts/Release.sol";
import {IRelease} from "../contracts/interfaces/IRelease.sol";
import {IKeyholderRegistry} from "../contracts/interfaces/IKeyholderRegistry.sol";
import {RevertingFan} from "./mocks/Receivers.sol";
import {Vm} from "./utils/Vm.sol";

/**
 * @notice One test per on-chain row of /work/shared/design/threats.md "From the mission", named
 * after the attack and asserting what must happen.
 */
contract ThreatsTest is ReleaseFixture {
    address private reporter;

    function setUp() public override {
        super.setUp();
        reporter = vm.addr(0x5A1);
    }

    /// Colluding keyholders share keys early: one-transaction proof, deposit slashed, 50% to the
    /// reporter, no front-running, self-reporting a strict loss.
    function test_Threat_ColludingKeyholdersShareKeysEarly() public {
        _enrolAll(release);
        _pledge(release, fan, 4 ether);
        // The colluder who received keys[1] proves the leak for its own beneficiary.
        bytes memory proof = _leakProof(release, keys[1], keyholders[1], reporter);

        // A front-runner copying the proof cannot redirect the bounty...
        address frontRunner = vm.addr(0xF00);
        vm.prank(frontRunner);
        vm.expectRevert();
        release.accuse(1, frontRunner, proof);
        // ...and submitting it unchanged still pays the reporter.
        vm.prank(frontRunner);
        release.accuse(1, reporter, proof);
        vm.prank(frontRunner);
        release.claimBounty(1);
        vm.assertEq(reporter.balance, DEPOSIT / 2, "50% of the deposit to the reporter");
        vm.assertEq(frontRunner.balance, 0, "front-runner gains nothing");
        vm.assertTrue(registry.profile(keyholders[1]).slashed, "slashed in the registry too");

        // Self-reporting: keyholder 2 leaks its own key to itself and is also a fan.
        _pledge(release, keyholders[2], 1 ether);
        uint256 before = keyholders[2].balance;
        release.accuse(2, keyholders[2], _leakProof(release, keys[2], keyholders[2], keyholders[2]));
        vm.warp(PLEDGE_DEADLINE);
        release.expire();
        vm.prank(keyholders[2]);
        release.claimRefund();
        uint256 recovered = keyholders[2].balance - before; // bounty + refund + its pool share
        vm.assertLt(recovered, DEPOSIT + 1 ether, "the self-reporter ends with less than deposit + pledge");
    }

    /// Vanishing keyholders after funding: a backup group completes the release; non-revealers are
    /// slashed after the window; no specific bot is needed for any step.
    function test_Threat_VanishingKeyholdersAfterFunding() public {
        _fund(release);
        // The whole first group (slots 0, 1) vanishes; the backup group (2-of-3) reveals.
        _publish(release, 2);
        vm.prank(vm.addr(0xB0B)); // anyone can submit a key it learned
        release.publishShare(4, shares[4]);
        vm.assertEq(_state(release), uint256(IRelease.State.Released), "backup group released it");
        vm.warp(_revealDeadline(release));
        vm.prank(vm.addr(0xB0B)); // anyone settles
        release.settle();
        vm.assertEq(release.summary().fanPool, 3 * DEPOSIT + 3 * FEE + (GOAL / 100) % 2, "3 non-revealers slashed");
        release.claimDeposit(0);
        vm.assertEq(payouts[0].balance, 0, "vanished keyholder gets nothing");
        release.claimDeposit(4);
        vm.assertEq(payouts[4].balance, DEPOSIT + FEE, "revealer paid");
    }

    /// Vanishing keyholders: the artist can release by hand with the secret.
    function test_Threat_VanishingKeyholdersArtistReleasesByHand() public {
        _fund(release);
        vm.prank(artist);
        release.authorRelease(SECRET);
        vm.assertTrue(release.isDecryptable(), "released by the artist");
        vm.warp(_revealDeadline(release));
        release.settle();
        release.claimArtistFee();
        vm.assertEq(artist.balance, release.artistFee(), "artist paid its fixed fee");
    }

    /// Artist never publishes the archive: no pledge is possible until every keyholder attested
    /// (signed the manifest hash with its release key), and an attestation of another manifest fails.
    function test_Threat_ArtistNeverPublishesArchive() public {
        for (uint256 i; i < SLOTS - 1; ++i) {
            _enrol(release, i);
        }
        vm.deal(fan, 1 ether);
        vm.prank(fan);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRelease.ReleaseWrongState.selector, IRelease.State.Enrolling, 1 << uint256(IRelease.State.Open)
            )
        );
        release.pledge{value: 1 ether}(1 ether);

        // The last keyholder could not fetch the archive, so it signs nothing; a signature over
        // another manifest (what it would have seen from a different archive) does not enrol it.
        IRelease.Params memory otherManifest = _params(address(0));
        otherManifest.manifestHash = keccak256("another manifest");
        Release other = _create(otherManifest, bytes32("other"));
        bytes memory wrongAttestation = _acceptance(other, 4, keyholders[4]);
        vm.prank(keyholders[4]);
        vm.expectRevert();
        release.enrol{value: DEPOSIT}(4, keyholders[4], wrongAttestation);

        vm.warp(ENROL_DEADLINE);
        release.cancel();
        release.claimDeposit(0);
        vm.assertEq(payouts[0].balance, DEPOSIT, "deposits return when enrolment fails");
    }

    /// Artist sends a brick in a box: what keyholders attested (manifest hash with every fragment's
    /// SHA-256, and the archive CID) is fixed at creation, logged, and has no setter.
    function test_Threat_ArtistSendsBrickInABox() public {
        vm.recordLogs();
        Release r = _create(_params(address(0)), bytes32("logged"));
        bytes32 topic = keccak256(
            "ReleaseInitialized(address,(address,uint96,uint96,uint96,uint40,uint40,uint32,address,bytes32,bytes32,bytes,uint8[],uint8[],address[],address[]))"
        );
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bool found;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == address(r) && logs[i].topics[0] == topic) {
                IRelease.Params memory logged = abi.decode(logs[i].data, (IRelease.Params));
                vm.assertEq(logged.manifestHash, MANIFEST_HASH, "manifest hash in the log");
                vm.assertEq(logged.archiveCid, CID, "CID in the log");
                vm.assertEq(logged.releaseKeys[3], vm.addr(keys[3]), "release keys in the log");
                found = true;
            }
        }
        vm.assertTrue(found, "ReleaseInitialized logged");
        _enrolAll(r);
        _pledge(r, fan, GOAL);
        vm.assertEq(r.params().manifestHash, MANIFEST_HASH, "unchanged through the whole life cycle");
    }

    /// Funding fails: every pledge is refundable by each fan, in any order, whatever other fans do
    /// (one of them rejects ETH); deposits return.
    function test_Threat_FundingFails() public {
        _enrolAll(release);
        RevertingFan stubborn = new RevertingFan(release);
        address[3] memory fans = [vm.addr(0xF1), vm.addr(0xF2), vm.addr(0xF3)];
        _pledge(release, fans[0], 1 ether);
        vm.deal(address(this), 2 ether);
        stubborn.pledge{value: 2 ether}(2 ether);
        _pledge(release, fans[1], 3 ether);
        _pledge(release, fans[2], 0.5 ether);
        vm.warp(PLEDGE_DEADLINE);
        release.expire();
        vm.expectRevert(
            abi.encodeWithSelector(IRelease.ReleaseEthTransferFailed.selector, address(stubborn), 2 ether)
        );
        stubborn.claim();
        // Reverse order, after the stubborn fan failed.
        for (uint256 i = 3; i > 0; --i) {
            vm.prank(fans[i - 1]);
            release.claimRefund();
        }
        vm.assertEq(fans[0].balance, 1 ether, "fan 0");
        vm.assertEq(fans[1].balance, 3 ether, "fan 1");
        vm.assertEq(fans[2].balance, 0.5 ether, "fan 2");
        for (uint256 i; i < SLOTS; ++i) {
            release.claimDeposit(i);
            vm.assertEq(payouts[i].balance, DEPOSIT, "deposit returned");
        }
        vm.assertEq(address(release).balance, 2 ether, "only the stubborn fan's refund is left, still owed");
    }

    /// Keys released after failure: a proof of the leak slashes the keyholder's registry reputation.
    function test_Threat_KeysReleasedAfterFailure() public {
        vm.prank(keyholders[3]);
        registry.stake{value: 5 ether}();
        _enrolAll(release);
        vm.warp(PLEDGE_DEADLINE);
        release.expire();
        release.accuse(3, reporter, _leakProof(release, keys[3], keyholders[3], reporter));
        IKeyholderRegistry.Profile memory p = registry.profile(keyholders[3]);
        vm.assertTrue(p.slashed, "registry reputation slashed");
        vm.assertEq(p.snitchBeneficiary, reporter, "reporter recorded");
        release.claimDeposit(3);
        vm.warp(registry.profile(keyholders[3]).coolDownEnds);
        registry.claimSnitchReward(keyholders[3], address(0));
        vm.assertEq(reporter.balance, 2.5 ether, "half the stake to the reporter");
        vm.assertEq(registry.balanceOf(keyholders[3], address(0)), 0, "nothing left for the leaker");
    }

    /// Keys released after cancellation: same rule.
    function test_Threat_KeysReleasedAfterCancellation() public {
        _enrol(release, 0);
        vm.warp(ENROL_DEADLINE);
        release.cancel();
        release.accuse(0, reporter, _leakProof(release, keys[0], keyholders[0], reporter));
        vm.assertTrue(registry.profile(keyholders[0]).slashed, "slashed after cancellation");
    }

    /// Cashing out reputation by self-snitching: never faster than waiting, and only half.
    function test_Threat_CashingOutReputationBySelfSnitching() public {
        vm.prank(keyholders[0]);
        registry.stake{value: 10 ether}();
        _enrolAll(release);
        vm.warp(PLEDGE_DEADLINE);
        release.expire();
        // The honest schedule: close the release now, withdraw after the cool-down.
        uint256 honestEarliest = block.timestamp + registry.coolDown();
        // The cheat: leak its own key and report itself to a second wallet right away.
        address ownWallet = vm.addr(0x0BAD);
        release.accuse(0, ownWallet, _leakProof(release, keys[0], keyholders[0], ownWallet));
        release.claimDeposit(0);
        vm.warp(honestEarliest - 1);
        vm.expectRevert();
        registry.claimSnitchReward(keyholders[0], address(0));
        vm.warp(honestEarliest);
        registry.claimSnitchReward(keyholders[0], address(0));
        vm.assertEq(ownWallet.balance, 5 ether, "only half, and not before the honest withdrawal time");
        vm.prank(keyholders[0]);
        vm.expectRevert(abi.encodeWithSelector(IKeyholderRegistry.RegistrySlashed.selector, keyholders[0]));
        registry.withdraw(address(0), 1);
    }

    /// Reputation farming with Sybil releases: the registry shows stake and history, and a
    /// self-funded release earns the farmer no more reputation than the money it put into the fund.
    function test_Threat_ReputationFarmingWithSybilReleases() public {
        _fund(release); // the Sybil funds its own release
        for (uint256 i; i < SLOTS; ++i) {
            _publish(release, i);
        }
        vm.warp(_revealDeadline(release));
        release.settle();
        for (uint256 i; i < SLOTS; ++i) {
            release.claimDeposit(i);
        }
        uint256 earned;
        for (uint256 i; i < SLOTS; ++i) {
            earned += registry.balanceOf(keyholders[i], address(0));
            vm.assertEq(registry.profile(keyholders[i]).completedReleases, 1, "history visible");
        }
        vm.assertEq(earned, GOAL / 100, "reputation earned == the 1% the Sybil paid in: same as staking it");
        vm.assertGt(registry.profile(keyholders[0]).registeredAt, 0, "registration time visible");
    }

    /// Artist frames a keyholder: the artist knows s and its own keys but no release key k, and no
    /// signature except one by the slot's k proves a leak.
    function test_Threat_ArtistFramesKeyholder() public {
        _enrolAll(release);
        bytes memory bySecret = _leakProof(release, SECRET, keyholders[0], artist);
        vm.expectRevert(
            abi.encodeWithSelector(IRelease.ReleaseInvalidSignature.selector, vm.addr(SECRET), vm.addr(keys[0]))
        );
        release.accuse(0, artist, bySecret);
        bytes memory byArtist = _leakProof(release, 0xA127, keyholders[0], artist);
        vm.expectRevert(
            abi.encodeWithSelector(IRelease.ReleaseInvalidSignature.selector, artist, vm.addr(keys[0]))
        );
        release.accuse(0, artist, byArtist);
        vm.assertFalse(registry.profile(keyholders[0]).slashed, "not slashed");
    }

    /// Late reveal (threats.md item 2.3): in v1 a publishKey reverting one second late put k in
    /// calldata, and after Failed anyone took half the keyholder's registry stake with it. In v2 a
    /// late publishShare reveals only the share x_i, which is not k: no leak proof can be made from
    /// it (a leak proof is a signature by k), and the stake stays intact.
    function test_Threat_LateRevealExposesNothingSlashable() public {
        vm.prank(keyholders[0]);
        registry.stake{value: 4 ether}();
        _fund(release);
        uint256 deadline = _revealDeadline(release);
        vm.warp(deadline);
        // One second late: the call reverts, but its calldata (the share) is public anyway.
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseDeadlinePassed.selector, deadline, deadline));
        release.publishShare(0, shares[0]);
        release.settle();
        vm.assertEq(_state(release), uint256(IRelease.State.Failed), "undelivered");
        // Whoever saw the calldata holds x_0 and signs with it: that is no proof of k_0's leak.
        bytes memory byShare = _leakProof(release, shares[0], keyholders[0], reporter);
        vm.expectRevert(
            abi.encodeWithSelector(IRelease.ReleaseInvalidSignature.selector, vm.addr(shares[0]), vm.addr(keys[0]))
        );
        release.accuse(0, reporter, byShare);
        vm.assertTrue(shares[0] != keys[0] && vm.addr(shares[0]) != vm.addr(keys[0]), "the share is not the key");
        vm.assertFalse(registry.profile(keyholders[0]).slashed, "not slashed");
        vm.assertEq(registry.balanceOf(keyholders[0], address(0)), 4 ether, "stake intact");
        release.claimDeposit(0);
        vm.assertEq(reporter.balance, 0, "nothing for the would-be accuser");
    }
}
