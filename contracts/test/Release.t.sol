// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ReleaseFixture} from "./utils/ReleaseFixture.sol";
import {IRelease} from "../contracts/interfaces/IRelease.sol";
import {IKeyholderRegistry} from "../contracts/interfaces/IKeyholderRegistry.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @notice Every function and transition of {Release}, with the deadline edges.
contract ReleaseTest is ReleaseFixture {
    uint256 private constant ENROLLING = 1 << uint256(IRelease.State.Enrolling);
    uint256 private constant OPEN = 1 << uint256(IRelease.State.Open);
    uint256 private constant FUNDED = 1 << uint256(IRelease.State.Funded);
    uint256 private constant RELEASED = 1 << uint256(IRelease.State.Released);
    uint256 private constant SETTLED = 1 << uint256(IRelease.State.Settled);
    uint256 private constant CANCELLED = 1 << uint256(IRelease.State.Cancelled);
    uint256 private constant FAILED = 1 << uint256(IRelease.State.Failed);

    // ============================================================ initial state

    function test_Initialize_StoresEverything() public view {
        IRelease.Params memory p = release.params();
        vm.assertEq(uint256(release.state()), uint256(IRelease.State.Enrolling), "state");
        vm.assertEq(release.artist(), artist, "artist");
        vm.assertEq(p.goal, GOAL, "goal");
        vm.assertEq(p.deposit, DEPOSIT, "deposit");
        vm.assertEq(p.keyholderFee, FEE, "fee");
        vm.assertEq(p.secretAddress, vm.addr(SECRET), "secret address");
        vm.assertEq(p.manifestHash, MANIFEST_HASH, "manifest");
        vm.assertEq(p.commitmentsHash, COMMITMENTS_HASH, "commitments");
        vm.assertEq(p.archiveCid, CID, "cid");
        vm.assertEq(p.releaseKeys.length, SLOTS, "slots");
        vm.assertEq(p.groupThresholds[1], 2, "M_1");
        vm.assertEq(p.groupSizes[1], 3, "N_1");
        (uint256 group, address releaseKey, address keyholder, IRelease.SlotStatus status, bool claimed) =
            release.slotInfo(3);
        vm.assertEq(group, 1, "slot 3 is in the backup group");
        vm.assertEq(releaseKey, vm.addr(keys[3]), "release key");
        vm.assertEq(keyholder, address(0), "vacant");
        vm.assertEq(uint256(status), uint256(IRelease.SlotStatus.Vacant), "status");
        vm.assertFalse(claimed, "claimed");
        (uint256 m, uint256 n, uint256 published) = release.groupInfo(0);
        vm.assertEq(m * 100 + n * 10 + published, 220, "group 0 is 2-of-2, nothing published");
        vm.assertEq(release.artistFee(), GOAL - 5 * FEE - GOAL / 100, "artist fee");
        vm.assertFalse(release.isDecryptable(), "not decryptable");
    }

    function test_RevertWhen_GroupInfoUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidParams.selector, "group"));
        release.groupInfo(2);
    }

    function test_RevertWhen_SlotInfoUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseUnknownSlot.selector, 5, 5));
        release.slotInfo(5);
    }

    // ============================================================ enrol

    function test_Enrol_TakesSlotAndDeposit() public {
        vm.expectEmit(address(release));
        emit IRelease.KeyholderEnrolled(0, keyholders[0], vm.addr(keys[0]), DEPOSIT);
        _enrol(release, 0);
        (,, address keyholder, IRelease.SlotStatus status,) = release.slotInfo(0);
        vm.assertEq(keyholder, keyholders[0], "keyholder");
        vm.assertEq(uint256(status), uint256(IRelease.SlotStatus.Enrolled), "enrolled");
        vm.assertEq(address(release).balance, DEPOSIT, "deposit held");
        vm.assertEq(registry.profile(keyholders[0]).openReleases, 1, "registry counts the open release");
    }

    function test_Enrol_ByOperator() public {
        bytes memory sig = _acceptance(release, 1, keyholders[1]);
        vm.prank(operators[1]);
        release.enrol{value: DEPOSIT}(1, keyholders[1], sig);
        (,, address keyholder,,) = release.slotInfo(1);
        vm.assertEq(keyholder, keyholders[1], "operator enrolled its keyholder");
    }

    function test_Enrol_LastSlotStartsSampling() public {
        for (uint256 i; i < SLOTS - 1; ++i) {
            _enrol(release, i);
        }
        vm.assertEq(_state(release), uint256(IRelease.State.Enrolling), "still enrolling");
        vm.expectEmit(address(release));
        emit IRelease.StateChanged(IRelease.State.Enrolling, IRelease.State.Sampling);
        _enrol(release, SLOTS - 1);
        vm.assertEq(_state(release), uint256(IRelease.State.Sampling), "sampling");
        (uint256 beacon, bytes32 seed, uint256 revealBy, uint256[] memory fragments) = release.samples();
        vm.assertEq(beacon, block.number + release.SAMPLE_DELAY(), "the beacon is SAMPLE_DELAY blocks later");
        vm.assertEq(seed, bytes32(0), "not drawn");
        vm.assertEq(revealBy, 0, "nothing due yet");
        vm.assertEq(fragments.length, 0, "nothing sampled yet");
    }

    function test_Enrol_AtDeadlineMinusOne() public {
        vm.warp(ENROL_DEADLINE - 1);
        _enrol(release, 0);
        vm.assertEq(uint256(release.summary().enrolledCount), 1, "enrolled at deadline - 1");
    }

    function test_RevertWhen_EnrolAtDeadline() public {
        vm.warp(ENROL_DEADLINE);
        bytes memory sig = _acceptance(release, 0, keyholders[0]);
        vm.prank(keyholders[0]);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseDeadlinePassed.selector, ENROL_DEADLINE, ENROL_DEADLINE));
        release.enrol{value: DEPOSIT}(0, keyholders[0], sig);
    }

    function test_RevertWhen_EnrolAfterDeadline() public {
        vm.warp(ENROL_DEADLINE + 1);
        bytes memory sig = _acceptance(release, 0, keyholders[0]);
        vm.prank(keyholders[0]);
        vm.expectRevert(
            abi.encodeWithSelector(IRelease.ReleaseDeadlinePassed.selector, ENROL_DEADLINE, ENROL_DEADLINE + 1)
        );
        release.enrol{value: DEPOSIT}(0, keyholders[0], sig);
    }

    function test_RevertWhen_EnrolSlotTaken() public {
        _enrol(release, 0);
        bytes memory sig = _acceptance(release, 0, keyholders[0]);
        vm.prank(keyholders[0]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRelease.ReleaseWrongSlotStatus.selector, 0, IRelease.SlotStatus.Enrolled, IRelease.SlotStatus.Vacant
            )
        );
        release.enrol{value: DEPOSIT}(0, keyholders[0], sig);
    }

    function test_RevertWhen_EnrolUnknownSlot() public {
        vm.prank(keyholders[0]);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseUnknownSlot.selector, 7, 5));
        release.enrol{value: DEPOSIT}(7, keyholders[0], "");
    }

    function test_RevertWhen_EnrolByStranger() public {
        bytes memory sig = _acceptance(release, 0, keyholders[0]);
        vm.deal(fan, DEPOSIT);
        vm.prank(fan);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseNotKeyholderOrOperator.selector, fan, keyholders[0]));
        release.enrol{value: DEPOSIT}(0, keyholders[0], sig);
    }

    function test_RevertWhen_EnrolUnregisteredKeyholder() public {
        address stranger = vm.addr(0xBAD);
        vm.deal(stranger, DEPOSIT);
        bytes memory sig = _acceptance(release, 0, stranger);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseNotKeyholderOrOperator.selector, stranger, stranger));
        release.enrol{value: DEPOSIT}(0, stranger, sig);
    }

    function test_RevertWhen_EnrolSignedByAnotherSlotsKey() public {
        bytes memory sig = _signature(keys[1], release.acceptanceDigest(0, keyholders[0]));
        vm.prank(keyholders[0]);
        vm.expectRevert(
            abi.encodeWithSelector(IRelease.ReleaseInvalidSignature.selector, vm.addr(keys[1]), vm.addr(keys[0]))
        );
        release.enrol{value: DEPOSIT}(0, keyholders[0], sig);
    }

    function test_RevertWhen_EnrolAcceptanceForAnotherKeyholder() public {
        // A signature accepting for keyholder 1 cannot be used by keyholder 0 to take slot 0.
        bytes memory sig = _acceptance(release, 0, keyholders[1]);
        vm.prank(keyholders[0]);
        vm.expectRevert();
        release.enrol{value: DEPOSIT}(0, keyholders[0], sig);
    }

    function test_RevertWhen_EnrolWrongDeposit() public {
        bytes memory sig = _acceptance(release, 0, keyholders[0]);
        vm.prank(keyholders[0]);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseWrongValue.selector, DEPOSIT - 1, DEPOSIT));
        release.enrol{value: DEPOSIT - 1}(0, keyholders[0], sig);
    }

    function test_RevertWhen_EnrolSlashedKeyholder() public {
        // Keyholder 0 leaks in a second release; it is slashed in the registry and cannot enrol anywhere.
        IRelease other = _create(_params(address(0)), bytes32("other"));
        _enrol(other, 0);
        _accuse(other, 0, fan, _leakProof(other, keys[0], keyholders[0], fan));
        bytes memory sig = _acceptance(release, 0, keyholders[0]);
        vm.prank(keyholders[0]);
        vm.expectRevert(abi.encodeWithSelector(IKeyholderRegistry.RegistrySlashed.selector, keyholders[0]));
        release.enrol{value: DEPOSIT}(0, keyholders[0], sig);
    }

    function test_RevertWhen_EnrolWhenOpen() public {
        _enrolAll(release);
        vm.prank(keyholders[0]);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseWrongState.selector, IRelease.State.Open, ENROLLING));
        release.enrol{value: DEPOSIT}(0, keyholders[0], "");
    }

    // ============================================================ cancel

    function test_RevertWhen_CancelAtDeadlineMinusOne() public {
        vm.warp(ENROL_DEADLINE - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IRelease.ReleaseDeadlineNotReached.selector, ENROL_DEADLINE, ENROL_DEADLINE - 1)
        );
        release.cancel();
    }

    function test_Cancel_AtDeadline() public {
        _enrol(release, 0);
        vm.warp(ENROL_DEADLINE);
        vm.expectEmit(address(release));
        emit IRelease.StateChanged(IRelease.State.Enrolling, IRelease.State.Cancelled);
        release.cancel();
        vm.assertEq(_state(release), uint256(IRelease.State.Cancelled), "cancelled");
    }

    function test_Cancel_AfterDeadlineReturnsDeposits() public {
        _enrol(release, 0);
        _enrol(release, 3);
        vm.warp(ENROL_DEADLINE + 1);
        release.cancel();
        _claimDeposit(release, 0);
        _claimDeposit(release, 3);
        vm.assertEq(payouts[0].balance, DEPOSIT, "deposit 0 back");
        vm.assertEq(payouts[3].balance, DEPOSIT, "deposit 3 back");
        vm.assertEq(registry.profile(keyholders[0]).openReleases, 0, "closed in registry");
        vm.assertEq(
            registry.profile(keyholders[0]).coolDownEnds,
            ENROL_DEADLINE + 1 + release.ACCUSATION_WINDOW() + registry.FAILED_LOCK(),
            "a cancelled release locks its keyholders for FAILED_LOCK"
        );
    }

    function test_RevertWhen_CancelTwice() public {
        vm.warp(ENROL_DEADLINE);
        release.cancel();
        vm.expectRevert(
            abi.encodeWithSelector(
                IRelease.ReleaseWrongState.selector, IRelease.State.Cancelled, ENROLLING | 1 << uint256(IRelease.State.Sampling)
            )
        );
        release.cancel();
    }

    function test_RevertWhen_ClaimDepositOfVacantSlot() public {
        vm.warp(ENROL_DEADLINE);
        release.cancel();
        _pastAccusationWindow(release);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRelease.ReleaseWrongSlotStatus.selector, 1, IRelease.SlotStatus.Vacant, IRelease.SlotStatus.Enrolled
            )
        );
        release.claimDeposit(1);
    }

    function test_RevertWhen_ClaimDepositTwice() public {
        _enrol(release, 0);
        vm.warp(ENROL_DEADLINE);
        release.cancel();
        _claimDeposit(release, 0);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseAlreadyClaimed.selector, 0));
        release.claimDeposit(0);
    }

    function test_RevertWhen_ClaimDepositWhileEnrolling() public {
        _enrol(release, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRelease.ReleaseWrongState.selector, IRelease.State.Enrolling, SETTLED | FAILED | CANCELLED
            )
        );
        release.claimDeposit(0);
    }

    // ============================================================ pledge

    function test_Pledge_RecordsAndEmits() public {
        _enrolAll(release);
        vm.deal(fan, 3 ether);
        vm.expectEmit(address(release));
        emit IRelease.Pledged(fan, 3 ether, 3 ether);
        vm.prank(fan);
        release.pledge{value: 3 ether}(3 ether);
        _pledge(release, fan, 1 ether);
        vm.assertEq(release.pledgeOf(fan), 4 ether, "pledges add up");
        vm.assertEq(release.summary().totalPledged, 4 ether, "total");
    }

    function test_Pledge_ReachingGoalFunds() public {
        _enrolAll(release);
        _pledge(release, fan, GOAL - 1);
        vm.warp(START + 5 days);
        vm.deal(address(0xF2), 1);
        vm.expectEmit(address(release));
        emit IRelease.Funded(START + 5 days, START + 5 days + REVEAL_WINDOW);
        vm.prank(address(0xF2));
        release.pledge{value: 1}(1);
        vm.assertEq(_state(release), uint256(IRelease.State.Funded), "funded");
        vm.assertEq(_revealDeadline(release), START + 5 days + REVEAL_WINDOW, "reveal deadline");
    }

    /// 2.6: a pledge takes what remains of the goal; the rest of msg.value goes back at once.
    function test_Pledge_TakesWhatRemainsAndReturnsTheExcess() public {
        _enrolAll(release);
        _pledge(release, fan, GOAL - 1 ether);
        address late = address(0xF3);
        vm.deal(late, 5 ether);
        vm.expectEmit(address(release));
        emit IRelease.Pledged(late, 1 ether, GOAL);
        vm.prank(late);
        uint256 taken = release.pledge{value: 5 ether}(5 ether);
        vm.assertEq(taken, 1 ether, "takes what remains");
        vm.assertEq(late.balance, 4 ether, "the excess came back");
        vm.assertEq(release.pledgeOf(late), 1 ether, "pledged what was taken");
        vm.assertEq(_state(release), uint256(IRelease.State.Funded), "funded");
        vm.assertEq(address(release).balance, GOAL + SLOTS * DEPOSIT, "holds the goal and the deposits, no more");
    }

    /// 2.6: a fan whose account rejects ETH still pledges up to: the excess is credited, never lost.
    function test_Pledge_ExcessCreditedWhenTheFanRejectsEth() public {
        _enrolAll(release);
        _pledge(release, fan, GOAL - 1 ether);
        RejectingPledger pledger = new RejectingPledger();
        vm.deal(address(pledger), 3 ether);
        vm.expectEmit(address(release));
        emit IRelease.PaymentCredited(address(pledger), 2 ether);
        pledger.pledge(release, 3 ether);
        vm.assertEq(release.creditOf(address(pledger)), 2 ether, "excess credited");
        vm.assertEq(_state(release), uint256(IRelease.State.Funded), "funded");
        pledger.accept();
        pledger.withdrawCredit(release);
        vm.assertEq(address(pledger).balance, 2 ether, "withdrawn once it accepts");
    }

    function test_RevertWhen_PledgeZero() public {
        _enrolAll(release);
        vm.expectRevert(IRelease.ReleaseZeroAmount.selector);
        release.pledge(0);
    }

    function test_RevertWhen_PledgeValueMismatch() public {
        _enrolAll(release);
        vm.deal(fan, 1 ether);
        vm.prank(fan);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseWrongValue.selector, 0.5 ether, 1 ether));
        release.pledge{value: 0.5 ether}(1 ether);
    }

    function test_RevertWhen_PledgeWhileEnrolling() public {
        vm.deal(fan, 1 ether);
        vm.prank(fan);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseWrongState.selector, IRelease.State.Enrolling, OPEN));
        release.pledge{value: 1 ether}(1 ether);
    }

    function test_Pledge_AtDeadlineMinusOne() public {
        _enrolAll(release);
        vm.warp(PLEDGE_DEADLINE - 1);
        _pledge(release, fan, 1 ether);
        vm.assertEq(release.pledgeOf(fan), 1 ether, "accepted at deadline - 1");
    }

    function test_RevertWhen_PledgeAtDeadline() public {
        _enrolAll(release);
        vm.warp(PLEDGE_DEADLINE);
        vm.deal(fan, 1 ether);
        vm.prank(fan);
        vm.expectRevert(
            abi.encodeWithSelector(IRelease.ReleaseDeadlinePassed.selector, PLEDGE_DEADLINE, PLEDGE_DEADLINE)
        );
        release.pledge{value: 1 ether}(1 ether);
    }

    function test_RevertWhen_PledgeAfterDeadline() public {
        _enrolAll(release);
        vm.warp(PLEDGE_DEADLINE + 1);
        vm.deal(fan, 1 ether);
        vm.prank(fan);
        vm.expectRevert(
            abi.encodeWithSelector(IRelease.ReleaseDeadlinePassed.selector, PLEDGE_DEADLINE, PLEDGE_DEADLINE + 1)
        );
        release.pledge{value: 1 ether}(1 ether);
    }

    // ============================================================ expire and refunds

    function test_RevertWhen_ExpireAtDeadlineMinusOne() public {
        _enrolAll(release);
        vm.warp(PLEDGE_DEADLINE - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IRelease.ReleaseDeadlineNotReached.selector, PLEDGE_DEADLINE, PLEDGE_DEADLINE - 1)
        );
        release.expire();
    }

    function test_Expire_AtDeadline() public {
        _enrolAll(release);
        vm.warp(PLEDGE_DEADLINE);
        release.expire();
        vm.assertEq(_state(release), uint256(IRelease.State.Failed), "failed");
    }

    function test_Expire_AfterDeadlineRefundsEveryone() public {
        _enrolAll(release);
        address other = vm.addr(0xF2);
        _pledge(release, fan, 2 ether);
        _pledge(release, other, 3 ether);
        vm.warp(PLEDGE_DEADLINE + 1);
        release.expire();
        vm.prank(other);
        release.claimRefund();
        vm.prank(fan);
        release.claimRefund();
        vm.assertEq(fan.balance, 2 ether, "fan refunded");
        vm.assertEq(other.balance, 3 ether, "other refunded");
        vm.assertEq(release.pledgeOf(fan), 0, "pledge cleared");
        for (uint256 i; i < SLOTS; ++i) {
            _claimDeposit(release, i);
            vm.assertEq(payouts[i].balance, DEPOSIT, "deposit back");
        }
        vm.assertEq(address(release).balance, 0, "nothing left");
    }

    function test_RevertWhen_ClaimRefundTwice() public {
        _enrolAll(release);
        _pledge(release, fan, 2 ether);
        vm.warp(PLEDGE_DEADLINE);
        release.expire();
        vm.startPrank(fan);
        release.claimRefund();
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseNothingToClaim.selector, fan));
        release.claimRefund();
        vm.stopPrank();
    }

    function test_RevertWhen_ClaimRefundWhileOpen() public {
        _enrolAll(release);
        _pledge(release, fan, 2 ether);
        vm.prank(fan);
        vm.expectRevert(
            abi.encodeWithSelector(IRelease.ReleaseWrongState.selector, IRelease.State.Open, FAILED | SETTLED)
        );
        release.claimRefund();
    }

    // ============================================================ publishShare and authorRelease

    function test_PublishShare_GroupThresholdReleases() public {
        _fund(release);
        vm.expectEmit(address(release));
        emit IRelease.SharePublished(0, 0, shares[0], 1);
        _publish(release, 0);
        vm.assertEq(_state(release), uint256(IRelease.State.Funded), "one share is not enough");
        vm.expectEmit(address(release));
        emit IRelease.SecretRecovered(0, SECRET);
        vm.expectEmit(address(release));
        emit IRelease.StateChanged(IRelease.State.Funded, IRelease.State.Released);
        _publish(release, 1);
        vm.assertTrue(release.summary().secretPublished, "the secret is on chain");
        vm.assertEq(release.shareOf(1), shares[1], "the share is stored");
        vm.assertTrue(release.isDecryptable(), "decryptable");
        // Later shares are still accepted in the window and earn their fee.
        _publish(release, 2);
        (,,, IRelease.SlotStatus status,) = release.slotInfo(2);
        vm.assertEq(uint256(status), uint256(IRelease.SlotStatus.Published), "published after release");
        vm.assertEq(release.summary().publishedCount, 3, "three shares");
    }

    function test_PublishShare_BackupGroupReleases() public {
        _fund(release);
        _publish(release, 0);
        _publish(release, 3);
        vm.assertEq(_state(release), uint256(IRelease.State.Funded), "1 of group 0, 1 of group 1");
        _publish(release, 4);
        vm.assertEq(_state(release), uint256(IRelease.State.Released), "backup group reached 2");
    }

    function test_PublishShare_AtRevealDeadlineMinusOne() public {
        _fund(release);
        vm.warp(_revealDeadline(release) - 1);
        _publish(release, 0);
        vm.assertEq(release.summary().publishedCount, 1, "published at deadline - 1");
    }

    function test_RevertWhen_PublishShareAtRevealDeadline() public {
        _fund(release);
        uint256 deadline = _revealDeadline(release);
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseDeadlinePassed.selector, deadline, deadline));
        release.publishShare(0, shares[0]);
    }

    function test_RevertWhen_PublishShareAfterRevealDeadline() public {
        _fund(release);
        uint256 deadline = _revealDeadline(release);
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseDeadlinePassed.selector, deadline, deadline + 1));
        release.publishShare(0, shares[0]);
    }

    function test_RevertWhen_PublishShareBeforeFunding() public {
        _enrolAll(release);
        vm.expectRevert(
            abi.encodeWithSelector(IRelease.ReleaseWrongState.selector, IRelease.State.Open, FUNDED | RELEASED)
        );
        release.publishShare(0, shares[0]);
    }

    /// Commitments of the funding block are judged as Open (spec §6.3), so no share is accepted in
    /// it: only once the time passed the funding time, which also refuses a later block of the same
    /// second (chains whose blocks may share a timestamp), never the other way round.
    function test_RevertWhen_PublishShareInTheFundingBlock() public {
        _enrolAll(release);
        _pledge(release, fan, GOAL);
        uint256 fundedAt = block.timestamp;
        vm.expectRevert(
            abi.encodeWithSelector(IRelease.ReleaseDeadlineNotReached.selector, fundedAt + 1, fundedAt)
        );
        release.publishShare(0, shares[0]);
        vm.roll(block.number + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IRelease.ReleaseDeadlineNotReached.selector, fundedAt + 1, fundedAt)
        );
        release.publishShare(0, shares[0]);
        vm.warp(fundedAt + 1);
        _publish(release, 0);
        vm.assertEq(release.summary().publishedCount, 1, "accepted a second after funding");
    }

    function test_RevertWhen_PublishShareZero() public {
        _fund(release);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidShare.selector, 0, vm.addr(shares[0])));
        release.publishShare(0, 0);
    }

    function test_RevertWhen_PublishShareOrder() public {
        _fund(release);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidShare.selector, 0, vm.addr(shares[0])));
        release.publishShare(0, N);
    }

    function test_RevertWhen_PublishShareMaxUint() public {
        _fund(release);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidShare.selector, 0, vm.addr(shares[0])));
        release.publishShare(0, type(uint256).max);
    }

    function test_RevertWhen_PublishShareOfAnotherSlot() public {
        _fund(release);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidShare.selector, 0, vm.addr(shares[0])));
        release.publishShare(0, shares[1]);
    }

    function test_RevertWhen_PublishShareTwice() public {
        _fund(release);
        _publish(release, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRelease.ReleaseWrongSlotStatus.selector, 0, IRelease.SlotStatus.Published, IRelease.SlotStatus.Enrolled
            )
        );
        release.publishShare(0, shares[0]);
    }

    function test_AuthorRelease_WithSecret() public {
        _fund(release);
        vm.expectEmit(address(release));
        emit IRelease.SecretPublished(SECRET);
        release.authorRelease(SECRET);
        vm.assertEq(_state(release), uint256(IRelease.State.Released), "released by hand");
        vm.assertTrue(release.summary().secretPublished, "flag");
    }

    function test_RevertWhen_AuthorReleaseWrongSecret() public {
        _fund(release);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidSecret.selector, vm.addr(SECRET)));
        release.authorRelease(SECRET + 1);
    }

    function test_RevertWhen_AuthorReleaseAtRevealDeadline() public {
        _fund(release);
        uint256 deadline = _revealDeadline(release);
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseDeadlinePassed.selector, deadline, deadline));
        release.authorRelease(SECRET);
    }

    function test_RevertWhen_AuthorReleaseTwice() public {
        _fund(release);
        release.authorRelease(SECRET);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseWrongState.selector, IRelease.State.Released, FUNDED));
        release.authorRelease(SECRET);
    }

    // ============================================================ settle and payouts

    function test_RevertWhen_SettleAtRevealDeadlineMinusOne() public {
        _fund(release);
        uint256 deadline = _revealDeadline(release);
        vm.warp(deadline - 1);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseDeadlineNotReached.selector, deadline, deadline - 1));
        release.settle();
    }

    function test_Settle_AtRevealDeadlinePaysRevealersArtistAndFans() public {
        _fund(release);
        _publish(release, 0);
        _publish(release, 1);
        _publish(release, 3);
        vm.warp(_revealDeadline(release));
        release.settle();
        vm.assertEq(_state(release), uint256(IRelease.State.Settled), "settled");

        uint256 reputation = GOAL / 100;
        // Two non-revealers lose their deposits and fees to the fans; 3 revealers share the fund.
        uint256 pool = 2 * DEPOSIT + 2 * FEE + reputation % 3;
        vm.assertEq(release.summary().fanPool, pool, "fan pool");
        _claimDeposit(release, 0);
        vm.assertEq(payouts[0].balance, DEPOSIT + FEE, "revealer paid deposit + fee");
        vm.assertEq(registry.balanceOf(keyholders[0], address(0)), reputation / 3, "reputation earned");
        vm.assertEq(registry.profile(keyholders[0]).completedReleases, 1, "completed");
        _claimDeposit(release, 2);
        vm.assertEq(payouts[2].balance, 0, "non-revealer slashed");
        release.claimArtistFee();
        vm.assertEq(artist.balance, GOAL - 5 * FEE - reputation, "artist fee");
        vm.prank(fan);
        release.claimRefund();
        vm.assertEq(fan.balance, pool, "the only fan gets the whole pool");
    }

    function test_Settle_AfterRevealDeadlineWithoutKeysFails() public {
        _fund(release);
        _publish(release, 0);
        vm.warp(_revealDeadline(release) + 1);
        vm.expectEmit(address(release));
        emit IRelease.StateChanged(IRelease.State.Funded, IRelease.State.Failed);
        release.settle();
        vm.prank(fan);
        release.claimRefund();
        vm.assertEq(fan.balance, GOAL + 4 * DEPOSIT, "fans get pledges and the non-revealers' deposits");
        _claimDeposit(release, 0);
        vm.assertEq(payouts[0].balance, DEPOSIT, "the one revealer gets its deposit back");
        _claimDeposit(release, 1);
        vm.assertEq(payouts[1].balance, 0, "non-revealer forfeits");
    }

    function test_Settle_AuthorReleaseWithoutKeysPoolsReputation() public {
        _fund(release);
        release.authorRelease(SECRET);
        vm.warp(_revealDeadline(release));
        release.settle();
        vm.assertEq(
            release.summary().fanPool, 5 * DEPOSIT + 5 * FEE + GOAL / 100, "everything unearned goes to the fans"
        );
    }

    function test_RevertWhen_ClaimArtistFeeTwice() public {
        _fund(release);
        release.authorRelease(SECRET);
        vm.warp(_revealDeadline(release));
        release.settle();
        release.claimArtistFee();
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseNothingToClaim.selector, artist));
        release.claimArtistFee();
    }

    function test_RevertWhen_ClaimArtistFeeBeforeSettlement() public {
        _fund(release);
        release.authorRelease(SECRET);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseWrongState.selector, IRelease.State.Released, SETTLED));
        release.claimArtistFee();
    }

    function test_RevertWhen_ClaimRefundSettledWithEmptyPool() public {
        _fund(release);
        for (uint256 i; i < SLOTS; ++i) {
            _publish(release, i);
        }
        vm.warp(_revealDeadline(release));
        release.settle();
        // 5 revealers share the 0.1 ETH fund evenly: nothing is left for the fans.
        vm.assertEq(release.summary().fanPool, 0, "empty pool");
        vm.prank(fan);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseNothingToClaim.selector, fan));
        release.claimRefund();
    }

    // ============================================================ accuse

    function test_Accuse_WhileEnrollingBurnsHalf() public {
        _enrol(release, 0);
        address reporter = vm.addr(0x5A1);
        bytes memory proof = _leakProof(release, keys[0], keyholders[0], reporter);
        bytes32 salt1 = _commit(release, address(this), 0, reporter, proof);
        vm.expectEmit(address(release));
        emit IRelease.LeakProven(0, keyholders[0], reporter, DEPOSIT / 2, 0, DEPOSIT / 2);
        release.accuse(0, reporter, proof, salt1);
        vm.assertEq(reporter.balance, 0, "the bounty is credited, not sent");
        (,, uint256 claimableAt) = release.bountyOf(0);
        vm.assertEq(claimableAt, block.timestamp + release.ACCUSATION_WINDOW(), "claimable after the window");
        vm.warp(claimableAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseDeadlineNotReached.selector, claimableAt, claimableAt - 1));
        release.claimBounty(0);
        vm.warp(claimableAt);
        (address bound, uint256 owed,) = release.bountyOf(0);
        vm.assertEq(bound, reporter, "bound beneficiary");
        vm.assertEq(owed, DEPOSIT / 2, "bounty owed");
        vm.expectEmit(address(release));
        emit IRelease.BountyClaimed(0, reporter, DEPOSIT / 2);
        vm.prank(fan); // anyone may pay it out; it still goes to the bound beneficiary
        release.claimBounty(0);
        vm.assertEq(reporter.balance, DEPOSIT / 2, "bounty");
        (, owed,) = release.bountyOf(0);
        vm.assertEq(owed, 0, "nothing owed once paid");
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseAlreadyClaimed.selector, 0));
        release.claimBounty(0);
        vm.assertTrue(registry.profile(keyholders[0]).slashed, "slashed in registry");
        vm.assertEq(registry.profile(keyholders[0]).openReleases, 0, "enrolment closed");
    }

    function test_Accuse_BountyWaitsForEarlierCommitmentsEvenForAnExistingAccount() public {
        _enrol(release, 1);
        address reporter = vm.addr(0x5A2);
        vm.deal(reporter, 1 wei); // an existing account is not paid during accuse any more (v2)
        _accuse(release, 1, reporter, _leakProof(release, keys[1], keyholders[1], reporter));
        vm.assertEq(reporter.balance, 1 wei, "nothing paid during accuse");
        (address bound, uint256 owed,) = release.bountyOf(1);
        vm.assertEq(bound, reporter, "bound");
        vm.assertEq(owed, DEPOSIT / 2, "owed");
        vm.warp(block.timestamp + release.ACCUSATION_WINDOW());
        release.claimBounty(1);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseAlreadyClaimed.selector, 1));
        release.claimBounty(1);
        vm.assertEq(reporter.balance, 1 wei + DEPOSIT / 2, "paid once");
    }

    function test_RevertWhen_ClaimBountyOfUnslashedSlot() public {
        _enrol(release, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRelease.ReleaseWrongSlotStatus.selector, 0, IRelease.SlotStatus.Enrolled, IRelease.SlotStatus.Slashed
            )
        );
        release.claimBounty(0);
        (address bound, uint256 owed,) = release.bountyOf(0);
        vm.assertEq(bound, address(0), "no beneficiary");
        vm.assertEq(owed, 0, "nothing owed");
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseUnknownSlot.selector, 5, 5));
        release.claimBounty(5);
    }

    function test_Accuse_WhileOpenFeedsFans() public {
        _enrolAll(release);
        _pledge(release, fan, 1 ether);
        address reporter = vm.addr(0x5A1);
        _accuse(release, 4, reporter, _leakProof(release, keys[4], keyholders[4], reporter));
        vm.assertEq(release.summary().fanPool, DEPOSIT / 4, "a quarter to the fans");
        vm.warp(PLEDGE_DEADLINE);
        release.expire();
        vm.prank(fan);
        release.claimRefund();
        vm.assertEq(fan.balance, 1 ether + DEPOSIT / 4, "refund plus pool");
        _pastAccusationWindow(release);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRelease.ReleaseWrongSlotStatus.selector, 4, IRelease.SlotStatus.Slashed, IRelease.SlotStatus.Enrolled
            )
        );
        release.claimDeposit(4);
    }

    function test_Accuse_AfterFailureSlashesRegistryOnly() public {
        _enrolAll(release);
        vm.warp(PLEDGE_DEADLINE);
        release.expire();
        address reporter = vm.addr(0x5A1);
        _accuse(release, 2, reporter, _leakProof(release, keys[2], keyholders[2], reporter));
        vm.assertTrue(registry.profile(keyholders[2]).slashed, "slashed");
        vm.assertEq(reporter.balance, 0, "no deposit bounty after failure");
        _claimDeposit(release, 2);
        vm.assertEq(payouts[2].balance, DEPOSIT, "deposit still returned (spec 6.3)");
        bytes memory proof = _leakProof(release, keys[2], keyholders[2], reporter);
        bytes32 salt2 = _commit(release, address(this), 2, reporter, proof);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseAlreadySlashed.selector, keyholders[2]));
        release.accuse(2, reporter, proof, salt2);
    }

    function test_RevertWhen_AccuseWhileFunded() public {
        _fund(release);
        bytes memory proof = _leakProof(release, keys[0], keyholders[0], fan);
        bytes32 salt3 = _commit(release, address(this), 0, fan, proof);
        vm.expectRevert(
            abi.encodeWithSelector(IRelease.ReleaseCommittedWhileKeysDue.selector, IRelease.State.Funded, block.number - 1)
        );
        release.accuse(0, fan, proof, salt3);
    }

    function test_RevertWhen_AccusePublishedShare() public {
        _fund(release);
        _publish(release, 0);
        vm.warp(_revealDeadline(release));
        release.settle(); // Failed: one share is not a group
        bytes memory proof = _leakProof(release, keys[0], keyholders[0], fan);
        bytes32 salt4 = _commit(release, address(this), 0, fan, proof);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRelease.ReleaseWrongSlotStatus.selector, 0, IRelease.SlotStatus.Published, IRelease.SlotStatus.Enrolled
            )
        );
        release.accuse(0, fan, proof, salt4);
    }

    function test_RevertWhen_AccuseZeroBeneficiary() public {
        _enrol(release, 0);
        bytes32 salt5 = _commit(release, address(this), 0, address(0), "");
        vm.expectRevert(IRelease.ReleaseZeroAddress.selector);
        release.accuse(0, address(0), "", salt5);
    }

    function test_RevertWhen_AccuseWithWrongKey() public {
        _enrol(release, 0);
        bytes memory proof = _leakProof(release, keys[1], keyholders[0], fan);
        bytes32 salt6 = _commit(release, address(this), 0, fan, proof);
        vm.expectRevert(
            abi.encodeWithSelector(IRelease.ReleaseInvalidSignature.selector, vm.addr(keys[1]), vm.addr(keys[0]))
        );
        release.accuse(0, fan, proof, salt6);
    }

    function test_RevertWhen_AccuseVacantSlot() public {
        bytes32 salt7 = _commit(release, address(this), 0, fan, "");
        vm.expectRevert(
            abi.encodeWithSelector(
                IRelease.ReleaseWrongSlotStatus.selector, 0, IRelease.SlotStatus.Vacant, IRelease.SlotStatus.Enrolled
            )
        );
        release.accuse(0, fan, "", salt7);
    }

    function test_RevertWhen_AccuseMalformedSignature() public {
        _enrol(release, 0);
        bytes32 salt8 = _commit(release, address(this), 0, fan, hex"1234");
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidSignature.selector, address(0), vm.addr(keys[0])));
        release.accuse(0, fan, hex"1234", salt8);
    }

    // ============================================================ views

    /// The views run in ReleaseViews on the clone's own storage: what a step writes, a view reads.
    function test_Views_AnsweredThroughTheFallbackFromTheClonesStorage() public {
        _enrolAll(release);
        _pledge(release, fan, 3 ether);
        vm.assertEq(release.pledgeOf(fan), 3 ether, "pledgeOf reads the clone's mapping");
        vm.assertEq(release.summary().totalPledged, 3 ether, "summary reads the clone's slot");
        vm.assertEq(release.termsHash(), keccak256(abi.encode(artist, _params(address(0)))), "termsHash: artist and every term");
        vm.assertEq(release.outsidePledged(), 3 ether, "a fan's pledge is outside");
        vm.assertEq(release.ACCUSATION_WINDOW(), 1 days, "constants too");
        (,, address keyholder,,) = release.slotInfo(4);
        vm.assertEq(keyholder, keyholders[4], "slotInfo reads the clone's slots");
    }

    function test_RevertWhen_UnknownSelectorOrEthSentToARelease() public {
        (bool ok,) = address(release).call(abi.encodeWithSignature("noSuchFunction()"));
        vm.assertFalse(ok, "an unknown selector reverts (ReleaseViews has no fallback)");
        vm.deal(fan, 1 ether);
        vm.prank(fan);
        (ok,) = address(release).call{value: 1 ether}("");
        vm.assertFalse(ok, "plain ETH is refused: the fallback is not payable");
        vm.prank(fan);
        (ok,) = address(release).call{value: 1}(abi.encodeWithSignature("summary()"));
        vm.assertFalse(ok, "nor is ETH sent with a view");
    }

    function test_Views_DigestsMatchEip712() public view {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("Unveil Release"),
                keccak256("1"),
                block.chainid,
                address(release)
            )
        );
        vm.assertEq(release.domainSeparator(), domain, "domain uses the clone's own address");
        bytes32 acceptance = keccak256(
            abi.encode(
                keccak256("Acceptance(address keyholder,uint256 slot,bytes32 termsHash)"),
                keyholders[2],
                uint256(2),
                keccak256(abi.encode(artist, _params(address(0))))
            )
        );
        vm.assertEq(
            release.acceptanceDigest(2, keyholders[2]),
            keccak256(abi.encodePacked(hex"1901", domain, acceptance)),
            "acceptance digest"
        );
        bytes32 leak = keccak256(
            abi.encode(
                keccak256("LeakProof(uint256 chainId,address release,address keyholder,address beneficiary)"),
                block.chainid,
                address(release),
                keyholders[2],
                fan
            )
        );
        vm.assertEq(
            release.leakProofDigest(keyholders[2], fan),
            keccak256(abi.encodePacked(hex"1901", domain, leak)),
            "leak digest"
        );
    }

    function test_Views_RecoverWithOpenZeppelin() public view {
        bytes memory sig = _acceptance(release, 1, keyholders[1]);
        vm.assertEq(ECDSA.recover(release.acceptanceDigest(1, keyholders[1]), sig), vm.addr(keys[1]), "recover");
    }
}

/// @dev A fan contract that rejects ETH until told to accept it.
contract RejectingPledger {
    bool private _accepting;

    function pledge(IRelease r, uint256 amount) external {
        r.pledge{value: amount}(amount);
    }

    function accept() external {
        _accepting = true;
    }

    function withdrawCredit(IRelease r) external {
        r.withdrawCredit();
    }

    receive() external payable {
        require(_accepting, "rejects ETH");
    }
}
