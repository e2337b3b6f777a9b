// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ReleaseFixture} from "./utils/ReleaseFixture.sol";
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
        bytes32 salt = _commit(release, reporter, 1, reporter, proof);

        // A front-runner copying the proof from the reveal cannot redirect the bounty (its own later
        // commitment of it fails the signature)...
        address frontRunner = vm.addr(0xF00);
        bytes32 stolen = _commit(release, frontRunner, 1, frontRunner, proof);
        vm.prank(frontRunner);
        vm.expectPartialRevert(IRelease.ReleaseInvalidSignature.selector);
        release.accuse(1, frontRunner, proof, stolen);
        // ...nor reveal the reporter's commitment as its own...
        vm.prank(frontRunner);
        vm.expectPartialRevert(IRelease.ReleaseUnknownCommitment.selector);
        release.accuse(1, reporter, proof, salt);
        // ...and the reporter's reveal pays the reporter, once the window for earlier commitments passed.
        vm.prank(reporter);
        release.accuse(1, reporter, proof, salt);
        vm.warp(block.timestamp + release.ACCUSATION_WINDOW());
        vm.prank(frontRunner);
        release.claimBounty(1);
        vm.assertEq(reporter.balance, DEPOSIT / 2, "50% of the deposit to the reporter");
        vm.assertEq(frontRunner.balance, 0, "front-runner gains nothing");
        vm.assertTrue(registry.profile(keyholders[1]).slashed, "slashed in the registry too");

        // Self-reporting: keyholder 2 leaks its own key to itself and is also a fan.
        _pledge(release, keyholders[2], 1 ether);
        uint256 before = keyholders[2].balance;
        _accuse(release, 2, keyholders[2], _leakProof(release, keys[2], keyholders[2], keyholders[2]));
        vm.warp(PLEDGE_DEADLINE);
        release.expire();
        release.claimBounty(2);
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
        _claimDeposit(release, 0);
        vm.assertEq(payouts[0].balance, 0, "vanished keyholder gets nothing");
        _claimDeposit(release, 4);
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
        IRelease other = _create(otherManifest, bytes32("other"));
        bytes memory wrongAttestation = _acceptance(other, 4, keyholders[4]);
        vm.prank(keyholders[4]);
        vm.expectRevert();
        release.enrol{value: DEPOSIT}(4, keyholders[4], wrongAttestation);

        vm.warp(ENROL_DEADLINE);
        release.cancel();
        _claimDeposit(release, 0);
        vm.assertEq(payouts[0].balance, DEPOSIT, "deposits return when enrolment fails");
    }

    /// Artist sends a brick in a box: what keyholders attested (manifest hash with every fragment's
    /// SHA-256, and the archive CID) is fixed at creation, logged, and has no setter.
    function test_Threat_ArtistSendsBrickInABox() public {
        vm.recordLogs();
        IRelease r = _create(_params(address(0)), bytes32("logged"));
        bytes32 topic = keccak256(
            "ReleaseInitialized(address,(address,uint96,uint96,uint96,uint40,uint40,uint32,address,bytes32,bytes32,bytes,uint8[],uint8[],address[],address[],bytes32,uint32,uint8))"
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
            _claimDeposit(release, i);
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
        _accuse(release, 3, reporter, _leakProof(release, keys[3], keyholders[3], reporter));
        IKeyholderRegistry.Profile memory p = registry.profile(keyholders[3]);
        vm.assertTrue(p.slashed, "registry reputation slashed");
        vm.assertEq(p.snitchBeneficiary, reporter, "reporter recorded");
        _claimDeposit(release, 3);
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
        _accuse(release, 0, reporter, _leakProof(release, keys[0], keyholders[0], reporter));
        vm.assertTrue(registry.profile(keyholders[0]).slashed, "slashed after cancellation");
    }

    /// Cashing out reputation by self-snitching: never faster than waiting, and only half.
    function test_Threat_CashingOutReputationBySelfSnitching() public {
        vm.prank(keyholders[0]);
        registry.stake{value: 10 ether}();
        _enrolAll(release);
        vm.warp(PLEDGE_DEADLINE);
        release.expire();
        // The cheat: leak its own key and report itself to a second wallet right away.
        address ownWallet = vm.addr(0x0BAD);
        _accuse(release, 0, ownWallet, _leakProof(release, keys[0], keyholders[0], ownWallet));
        _claimDeposit(release, 0);
        // The honest schedule: close the release as early as possible, withdraw after the lock of a failed release.
        uint256 honestEarliest = block.timestamp + registry.FAILED_LOCK();
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
    /// 2.9: one party as artist, fans and keyholders farms "completed releases" for nothing but gas,
    /// so the counter is no trust signal (spec §10). What it earns in the registry is the 1% it paid
    /// in: that costs exactly what staking it costs. Its own pledges are not outside pledges; a
    /// Sybil's fresh accounts are, which is why clients weigh balances, not pledge volume alone.
    function test_Threat_ReputationFarmingWithSybilReleases() public {
        _enrolAll(release);
        _pledge(release, artist, GOAL / 2);
        _pledge(release, keyholders[1], GOAL / 4);
        _pledge(release, payouts[2], GOAL / 8);
        vm.assertEq(release.outsidePledged(), 0, "the artist, a keyholder and a payout address are no outsiders");
        _pledge(release, fan, GOAL / 8); // a fresh Sybil account is indistinguishable from a fan
        vm.assertEq(release.outsidePledged(), GOAL / 8, "only the fresh account counts as outside");
        _afterFunding();
        for (uint256 i; i < SLOTS; ++i) {
            _publish(release, i);
        }
        vm.warp(_revealDeadline(release));
        release.settle();
        for (uint256 i; i < SLOTS; ++i) {
            _claimDeposit(release, i);
        }
        uint256 earned;
        for (uint256 i; i < SLOTS; ++i) {
            earned += registry.balanceOf(keyholders[i], address(0));
            vm.assertEq(registry.profile(keyholders[i]).completedReleases, 1, "history visible");
        }
        vm.assertEq(earned, GOAL / 100, "reputation earned == the 1% the Sybil paid in: same as staking it");
        vm.assertGt(registry.profile(keyholders[0]).registeredAt, 0, "registration time visible");
    }

    /// 2.6: a 1-wei pledge front-running the pledge that would fund the release no longer blocks it:
    /// that pledge takes what remains and the excess goes back.
    function test_Threat_DustPledgeCannotBlockFunding() public {
        _enrolAll(release);
        _pledge(release, fan, GOAL - 1 ether);
        address attacker = address(0xBAD);
        _pledge(release, attacker, 1); // front-runs the funding pledge
        address funder = address(0xF00D);
        vm.deal(funder, 1 ether);
        vm.prank(funder);
        uint256 taken = release.pledge{value: 1 ether}(1 ether);
        vm.assertEq(taken, 1 ether - 1, "took what remained");
        vm.assertEq(funder.balance, 1, "the 1 wei excess came back");
        vm.assertEq(_state(release), uint256(IRelease.State.Funded), "funded despite the dust");
        vm.assertEq(release.summary().totalPledged, GOAL, "exactly the goal");
    }

    /// Artist frames a keyholder: the artist knows s and its own keys but no release key k, and no
    /// signature except one by the slot's k proves a leak.
    function test_Threat_ArtistFramesKeyholder() public {
        _enrolAll(release);
        bytes memory bySecret = _leakProof(release, SECRET, keyholders[0], artist);
        bytes32 salt1 = _commit(release, address(this), 0, artist, bySecret);
        vm.expectRevert(
            abi.encodeWithSelector(IRelease.ReleaseInvalidSignature.selector, vm.addr(SECRET), vm.addr(keys[0]))
        );
        release.accuse(0, artist, bySecret, salt1);
        bytes memory byArtist = _leakProof(release, 0xA127, keyholders[0], artist);
        bytes32 salt2 = _commit(release, address(this), 0, artist, byArtist);
        vm.expectRevert(
            abi.encodeWithSelector(IRelease.ReleaseInvalidSignature.selector, artist, vm.addr(keys[0]))
        );
        release.accuse(0, artist, byArtist, salt2);
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
        bytes32 salt = _commit(release, reporter, 0, reporter, byShare);
        vm.prank(reporter);
        vm.expectRevert(
            abi.encodeWithSelector(IRelease.ReleaseInvalidSignature.selector, vm.addr(shares[0]), vm.addr(keys[0]))
        );
        release.accuse(0, reporter, byShare, salt);
        vm.assertTrue(shares[0] != keys[0] && vm.addr(shares[0]) != vm.addr(keys[0]), "the share is not the key");
        vm.assertFalse(registry.profile(keyholders[0]).slashed, "not slashed");
        vm.assertEq(registry.balanceOf(keyholders[0], address(0)), 4 ether, "stake intact");
        _claimDeposit(release, 0);
        vm.assertEq(reporter.balance, 0, "nothing for the would-be accuser");
    }

    // ================================================================ v2 (issue #9): attacks proven against v1

    /// 2.1 Racing the state, variant 1: the leaker sees the reveal in the mempool, pledges the rest of
    /// the goal and publishes its share before it lands. The accusation is judged by the state at the
    /// commitment's block (Open), so the deposit is slashed all the same and the leaker is paid nothing.
    function test_Threat_RacingTheStateDoesNotDodgeAnAccusation() public {
        _enrolAll(release);
        _pledge(release, fan, 4 ether);
        bytes memory proof = _leakProof(release, keys[1], keyholders[1], reporter);
        bytes32 salt = _commit(release, reporter, 1, reporter, proof);
        // The race: fund the release, then (next block) publish its own share.
        _pledge(release, keyholders[1], GOAL - 4 ether);
        vm.assertEq(_state(release), uint256(IRelease.State.Funded), "the leaker funded it");
        _afterFunding();
        _publish(release, 1);
        vm.prank(reporter);
        release.accuse(1, reporter, proof, salt);
        (,,, IRelease.SlotStatus status,) = release.slotInfo(1);
        vm.assertEq(uint256(status), uint256(IRelease.SlotStatus.Slashed), "slashed although Funded and Published");
        vm.assertEq(release.summary().publishedCount, 0, "no longer counted as a revealer");
        vm.assertEq(release.summary().fanPool, DEPOSIT / 4, "the fans' quarter, as committed while Open");
        // The release goes on; the leaker is paid no deposit, fee or reputation.
        for (uint256 i = 2; i < 4; ++i) {
            _publish(release, i);
        }
        vm.warp(_revealDeadline(release));
        release.settle();
        _pastAccusationWindow(release);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRelease.ReleaseWrongSlotStatus.selector, 1, IRelease.SlotStatus.Slashed, IRelease.SlotStatus.Enrolled
            )
        );
        release.claimDeposit(1);
        release.claimBounty(1);
        vm.assertEq(reporter.balance, DEPOSIT / 2, "the reporter's bounty");
        vm.assertEq(payouts[1].balance, 0, "the leaker got nothing back");
        // A commitment made once keys were due is refused: the key may have been public by then.
        bytes memory late = _leakProof(release, keys[4], keyholders[4], reporter);
        bytes32 lateSalt = _commit(release, reporter, 4, reporter, late);
        vm.prank(reporter);
        vm.expectPartialRevert(IRelease.ReleaseCommittedWhileKeysDue.selector);
        release.accuse(4, reporter, late, lateSalt);
    }

    /// 2.1, variant 4: a commitment from while Open, revealed after settlement against a slot that
    /// never published. Settlement already gave that deposit to the fans, so the reveal slashes only
    /// in the registry: no bounty or fans' quarter is owed out of a deposit that is gone, and every
    /// other claim is still paid in full.
    function test_Threat_LateRevealAfterSettlementOwesNothingTwice() public {
        _enrolAll(release);
        _pledge(release, fan, 4 ether);
        bytes memory proof = _leakProof(release, keys[0], keyholders[0], reporter);
        bytes32 salt = _commit(release, reporter, 0, reporter, proof);
        _pledge(release, fan, GOAL - 4 ether);
        _afterFunding();
        for (uint256 i = 1; i < 4; ++i) {
            _publish(release, i);
        }
        vm.warp(_revealDeadline(release));
        release.settle();
        uint256 poolBefore = release.summary().fanPool;
        vm.prank(reporter);
        release.accuse(0, reporter, proof, salt);
        vm.assertEq(release.summary().fanPool, poolBefore, "the deposit went to the fans at settlement, once");
        (, uint256 owed,) = release.bountyOf(0);
        vm.assertEq(owed, 0, "no bounty out of a forfeited deposit");
        vm.assertFalse(registry.isActive(keyholders[0]), "the registry slashed the leaker");
        _pastAccusationWindow(release);
        for (uint256 i = 1; i < 4; ++i) {
            release.claimDeposit(i);
        }
        release.claimArtistFee();
        vm.prank(fan);
        release.claimRefund();
    }

    /// 2.1, variant 2: the leaker races the reveal with expire() at the pledge deadline and tries to
    /// take its deposit back at once. Deposits wait ACCUSATION_WINDOW after the end, and the reveal
    /// is judged as committed (Open).
    function test_Threat_RacingTheStateDoesNotDodgeAnAccusation_Expire() public {
        _enrolAll(release);
        _pledge(release, fan, 4 ether);
        vm.warp(PLEDGE_DEADLINE - 1);
        bytes memory proof = _leakProof(release, keys[3], keyholders[3], reporter);
        bytes32 salt = _commit(release, reporter, 3, reporter, proof);
        bytes memory proof2 = _leakProof(release, keys[2], keyholders[2], reporter);
        bytes32 salt2 = _commit(release, reporter, 2, reporter, proof2);
        vm.warp(PLEDGE_DEADLINE);
        release.expire();
        uint256 opens = block.timestamp + release.ACCUSATION_WINDOW();
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseDeadlineNotReached.selector, opens, block.timestamp));
        release.claimDeposit(3);
        vm.prank(reporter);
        release.accuse(3, reporter, proof, salt);
        vm.assertEq(release.summary().fanPool, DEPOSIT / 4, "fans' quarter");
        _pastAccusationWindow(release);
        vm.expectPartialRevert(IRelease.ReleaseWrongSlotStatus.selector);
        release.claimDeposit(3);
        release.claimBounty(3);
        vm.assertEq(reporter.balance, DEPOSIT / 2, "bounty paid");
        // After the window, a commitment from before the end no longer reaches a deposit.
        _pastAccusationWindow(release);
        vm.prank(reporter);
        vm.expectPartialRevert(IRelease.ReleaseRevealWindowClosed.selector);
        release.accuse(2, reporter, proof2, salt2);
    }

    /// 2.1, variant 3: the leaker races the reveal with cancel() at the enrolment deadline.
    function test_Threat_RacingTheStateDoesNotDodgeAnAccusation_Cancel() public {
        for (uint256 i; i < 4; ++i) {
            _enrol(release, i);
        }
        vm.warp(ENROL_DEADLINE - 1);
        bytes memory proof = _leakProof(release, keys[0], keyholders[0], reporter);
        bytes32 salt = _commit(release, reporter, 0, reporter, proof);
        vm.warp(ENROL_DEADLINE);
        release.cancel();
        vm.expectPartialRevert(IRelease.ReleaseDeadlineNotReached.selector);
        release.claimDeposit(0);
        vm.prank(reporter);
        release.accuse(0, reporter, proof, salt);
        (,,, IRelease.SlotStatus status,) = release.slotInfo(0);
        vm.assertEq(uint256(status), uint256(IRelease.SlotStatus.Slashed), "judged as Enrolling: deposit slashed");
        _pastAccusationWindow(release);
        release.claimBounty(0);
        _claimDeposit(release, 1);
        vm.assertEq(reporter.balance, DEPOSIT / 2, "bounty");
        vm.assertEq(payouts[0].balance, 0, "the leaker's deposit did not come back");
        vm.assertEq(payouts[1].balance, DEPOSIT, "the honest keyholder's did");
    }

    /// 2.2 Self-insurance: the leaker's best strategy is to commit against itself, for its own
    /// wallet, as soon as it enrols, so that its commitment is the earliest and it takes over any
    /// whistleblower's accusation. It still loses: it gets back at most D/2 of its deposit, its share
    /// of the fans' quarter if it pledged, and half its registry balance after the lock, and loses
    /// its fee and its reputation.
    function test_Threat_SelfInsuranceIsAStrictLoss() public {
        address leaker = keyholders[2];
        address wallet = vm.addr(0x0BAD);
        address whistleblower = vm.addr(0x5A2);
        vm.prank(leaker);
        registry.stake{value: 4 ether}();
        _enrolAll(release);
        _pledge(release, leaker, 1 ether); // also a fan, to collect from the fans' quarter
        _pledge(release, fan, 1 ether);
        bytes memory own = _leakProof(release, keys[2], leaker, wallet);
        bytes32 ownSalt = _commit(release, leaker, 2, wallet, own);
        // It leaks; a whistleblower commits later and reveals first.
        bytes memory wb = _leakProof(release, keys[2], leaker, whistleblower);
        bytes32 wbSalt = _commit(release, whistleblower, 2, whistleblower, wb);
        vm.prank(whistleblower);
        release.accuse(2, whistleblower, wb, wbSalt);
        vm.expectPartialRevert(IRelease.ReleaseDeadlineNotReached.selector);
        release.claimBounty(2); // not before earlier commitments had their window
        // The leaker reveals its earlier commitment within the window: it takes the bounty and the reward.
        vm.warp(block.timestamp + release.ACCUSATION_WINDOW() - 1);
        vm.prank(leaker);
        release.accuse(2, wallet, own, ownSalt);
        (address beneficiary,,) = release.bountyOf(2);
        vm.assertEq(beneficiary, wallet, "the earliest commitment won");
        vm.assertEq(registry.profile(leaker).snitchBeneficiary, wallet, "in the registry too");
        // A later commitment cannot take it back.
        vm.prank(whistleblower);
        vm.expectPartialRevert(IRelease.ReleaseCommitmentNotEarlier.selector);
        release.accuse(2, whistleblower, wb, wbSalt);

        // Everything the leaker can collect: bounty, refund + pool share, snitch reward.
        vm.warp(PLEDGE_DEADLINE);
        release.expire();
        release.claimBounty(2);
        vm.prank(leaker);
        release.claimRefund();
        IKeyholderRegistry.Profile memory p = registry.profile(leaker);
        vm.warp(p.coolDownEnds);
        registry.claimSnitchReward(leaker, address(0));
        uint256 refund = 1 ether + (DEPOSIT / 4) / 2; // its pledge + half the fans' quarter
        vm.assertEq(wallet.balance, DEPOSIT / 2 + 2 ether, "bounty + half the stake");
        // Put in: deposit + stake + pledge. Got back: bounty + half stake + refund.
        uint256 putIn = DEPOSIT + 4 ether + 1 ether;
        uint256 gotBack = wallet.balance + refund;
        vm.assertLt(gotBack, putIn, "a strict loss");
        vm.assertEq(putIn - gotBack, DEPOSIT / 2 - DEPOSIT / 8 + 2 ether, "it loses D/2 - D/8 of the deposit and half its stake");
        vm.assertEq(whistleblower.balance, 0, "the whistleblower was out-committed");
    }

    /// 2.4 Withdraw, then leak after a failure: a failed release locks its keyholders' registry
    /// balances for FAILED_LOCK (180 days), not the 7-day cool-down, so a leak in that time is
    /// slashed; a settled release keeps the short cool-down.
    function test_Threat_WithdrawThenLeakAfterFailure() public {
        vm.prank(keyholders[3]);
        registry.stake{value: 5 ether}();
        _enrolAll(release);
        vm.warp(PLEDGE_DEADLINE);
        release.expire();
        _claimDeposit(release, 3);
        uint256 closedAt = block.timestamp;
        vm.assertEq(registry.profile(keyholders[3]).coolDownEnds, closedAt + 180 days, "locked 180 days");
        vm.warp(closedAt + registry.COOL_DOWN());
        vm.prank(keyholders[3]);
        vm.expectRevert(
            abi.encodeWithSelector(IKeyholderRegistry.RegistryCoolingDown.selector, closedAt + 180 days, block.timestamp)
        );
        registry.withdraw(address(0), 5 ether);
        // It leaks the failed release's key during the lock: its stake is slashed.
        vm.warp(closedAt + 90 days);
        _accuse(release, 3, reporter, _leakProof(release, keys[3], keyholders[3], reporter));
        vm.warp(registry.profile(keyholders[3]).coolDownEnds);
        registry.claimSnitchReward(keyholders[3], address(0));
        vm.assertEq(reporter.balance, 2.5 ether, "half the stake to the reporter");
        vm.assertEq(registry.balanceOf(keyholders[3], address(0)), 0, "nothing left to withdraw");
    }

    /// 2.8 A payout that reverts blocks nobody: a slashed keyholder whose payout address rejects ETH
    /// still closes its other releases, so the snitch reward is paid; a beneficiary that rejects the
    /// reward gets it as a credit.
    function test_Threat_RevertingPayoutBlocksNobody() public {
        RevertingFan badPayout = new RevertingFan(release);
        RevertingFan badBeneficiary = new RevertingFan(release);
        vm.startPrank(keyholders[0]);
        registry.updateProfile(operators[0], address(badPayout), "", "");
        registry.stake{value: 2 ether}();
        vm.stopPrank();
        IRelease other = _create(_params(address(0)), bytes32("other"));
        _enrol(other, 0);
        _enrol(release, 0);
        // Leak proven in `release`; `other` is cancelled and its deposit must go to the reverting payout.
        _accuse(release, 0, address(badBeneficiary), _leakProof(release, keys[0], keyholders[0], address(badBeneficiary)));
        vm.warp(ENROL_DEADLINE);
        other.cancel();
        _claimDeposit(other, 0);
        vm.assertEq(other.creditOf(address(badPayout)), DEPOSIT, "the rejected deposit is credited");
        vm.assertEq(registry.profile(keyholders[0]).openReleases, 0, "and the registry closed it");
        vm.warp(registry.profile(keyholders[0]).coolDownEnds);
        registry.claimSnitchReward(keyholders[0], address(0));
        vm.assertEq(registry.creditOf(address(badBeneficiary), address(0)), 1 ether, "the rejected reward is credited");
        vm.expectRevert(abi.encodeWithSelector(IKeyholderRegistry.RegistryNoCredit.selector, address(this), address(0)));
        registry.withdrawCredit(address(0));
    }
}
