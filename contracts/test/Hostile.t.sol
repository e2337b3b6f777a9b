// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ReleaseFixture} from "./utils/ReleaseFixture.sol";
import {IRelease} from "../contracts/interfaces/IRelease.sol";
import {ReentrantFan, RevertingFan, ReturnBombFan, ForceSender} from "./mocks/Receivers.sol";
import {TestToken, FeeOnTransferToken, NoReturnToken} from "./mocks/Tokens.sol";

interface IMintable {
    function mint(address to, uint256 amount) external;
    function approve(address spender, uint256 amount) external;
    function balanceOf(address account) external view returns (uint256);
}

/// @notice Hostile receivers, dust pledgers, forced ETH and awkward ERC-20 tokens.
contract HostileTest is ReleaseFixture {
    uint256 private constant DUST_PLEDGERS = 10_000;

    function _expired() private {
        vm.warp(PLEDGE_DEADLINE);
        release.expire();
    }

    function test_Hostile_ReentrantFanCannotClaimTwice() public {
        _enrolAll(release);
        ReentrantFan attacker = new ReentrantFan(release);
        vm.deal(address(this), 2 ether);
        attacker.pledge{value: 2 ether}(2 ether);
        _pledge(release, fan, 1 ether);
        _expired();
        attacker.claim();
        vm.assertEq(attacker.reentryAttempts(), 1, "it tried to re-enter");
        vm.assertFalse(attacker.reentrySucceeded(), "the re-entry failed");
        vm.assertEq(address(attacker).balance, 2 ether, "paid exactly once");
        vm.prank(fan);
        release.claimRefund();
        vm.assertEq(fan.balance, 1 ether, "the other fan is unaffected");
    }

    function test_Hostile_RevertingFanOnlyBlocksItself() public {
        _enrolAll(release);
        RevertingFan stubborn = new RevertingFan(release);
        vm.deal(address(this), 1 ether);
        stubborn.pledge{value: 1 ether}(1 ether);
        _pledge(release, fan, 1 ether);
        _expired();
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseEthTransferFailed.selector, address(stubborn), 1 ether));
        stubborn.claim();
        vm.prank(fan);
        release.claimRefund();
        vm.assertEq(fan.balance, 1 ether, "other fans are paid");
    }

    function test_Hostile_RevertingPayoutOnlyBlocksItsSlot() public {
        // Keyholder 0's payout rejects ETH: its deposit is credited to that address instead, the slot
        // is closed in the registry all the same, and nobody else is affected.
        RevertingFan badPayout = new RevertingFan(release);
        vm.prank(keyholders[0]);
        registry.updateProfile(operators[0], address(badPayout), "", "");
        _enrolAll(release);
        _expired();
        vm.expectEmit(address(release));
        emit IRelease.PaymentCredited(address(badPayout), DEPOSIT);
        _claimDeposit(release, 0);
        vm.assertEq(release.creditOf(address(badPayout)), DEPOSIT, "credited to the payout address");
        vm.assertEq(registry.profile(keyholders[0]).openReleases, 0, "closed in the registry anyway");
        _claimDeposit(release, 1);
        vm.assertEq(payouts[1].balance, DEPOSIT, "slot 1 paid");
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseNoCredit.selector, address(this)));
        release.withdrawCredit();
    }

    function test_Hostile_ReturnBombCostsItsSenderNothing() public {
        _enrolAll(release);
        ReturnBombFan bomber = new ReturnBombFan(release);
        vm.deal(address(this), 1 ether);
        bomber.pledge{value: 1 ether}(1 ether);
        _expired();
        uint256 gasBefore = gasleft();
        bomber.claim();
        uint256 used = gasBefore - gasleft();
        vm.assertEq(address(bomber).balance, 1 ether, "paid");
        // The bomber's own 1 MiB memory expansion is paid from the forwarded gas either way; copying
        // the data back would add as much again. Baseline: the bomb alone, called without copying.
        uint256 bombAlone = gasleft();
        assembly {
            pop(call(gas(), bomber, 0, 0, 0, 0, 0))
        }
        bombAlone -= gasleft();
        vm.assertGt(bombAlone, 1_000_000, "the bomb is real");
        vm.assertLt(used, bombAlone + 100_000, "the 1 MiB of return data was not copied");
    }

    function test_Hostile_TenThousandDustPledgersRefundFlat() public {
        _enrolAll(release);
        for (uint256 i; i < DUST_PLEDGERS; ++i) {
            address dust = address(uint160(0x100000 + i));
            vm.deal(dust, 1);
            vm.prank(dust);
            release.pledge{value: 1}(1);
        }
        vm.assertEq(release.summary().totalPledged, DUST_PLEDGERS, "all pledged");
        _expired();
        // The whole test is one transaction, where the first refund also warms the release's shared
        // slots (the fans' pool); in real transactions every refund finds them cold alike. So the
        // first refund is compared once those slots are warm: the second pledger's.
        vm.prank(address(uint160(0x100000)));
        release.claimRefund();
        uint256 first = _refundGas(address(uint160(0x100000 + 1)));
        for (uint256 i = 2; i < DUST_PLEDGERS - 1; ++i) {
            vm.prank(address(uint160(0x100000 + i)));
            release.claimRefund();
        }
        uint256 last = _refundGas(address(uint160(0x100000 + DUST_PLEDGERS - 1)));
        vm.assertEq(last, first, "the last refund costs the same gas as the first");
        vm.assertLt(first, 45_000, "a refund stays cheap");
    }

    function _refundGas(address who) private returns (uint256 used) {
        vm.prank(who);
        uint256 gasBefore = gasleft();
        release.claimRefund();
        used = gasBefore - gasleft();
        vm.assertEq(who.balance, 1, "dust refunded");
    }

    function test_Hostile_ForcedEthDoesNotBreakAccounting() public {
        // Pre-fund the predictable address of a release before it exists...
        bytes32 salt = bytes32("forced");
        address predicted = factory.predictAddress(artist, salt);
        vm.deal(address(this), 10 ether);
        (bool ok,) = payable(predicted).call{value: 3 ether}("");
        vm.assertTrue(ok, "pre-funded");
        IRelease r = _create(_params(address(0)), salt);
        _enrolAll(r);
        _pledge(r, fan, 2 ether);
        // ...and force more in with SELFDESTRUCT while it is open.
        new ForceSender{value: 1 ether}(payable(address(r)));
        vm.assertEq(address(r).balance, 3 ether + 1 ether + 5 * DEPOSIT + 2 ether, "forced ETH arrived");
        // Pledging still works to exactly the goal, and is refused beyond it.
        _pledge(r, fan, GOAL - 2 ether);
        vm.assertEq(_state(r), uint256(IRelease.State.Funded), "funded by pledges only, not by the balance");
        r.authorRelease(SECRET);
        vm.warp(_revealDeadline(r));
        r.settle();
        r.claimArtistFee();
        for (uint256 i; i < SLOTS; ++i) {
            _claimDeposit(r, i);
        }
        vm.prank(fan);
        r.claimRefund();
        vm.assertEq(address(r).balance, 4 ether, "exactly the forced ETH is left; every claim was paid");
    }

    // ============================================================ ERC-20

    function _tokenRelease(address token) private returns (IRelease r) {
        factory.setTokenAllowed(token, true);
        r = _create(_params(token), keccak256(abi.encode(token)));
    }

    function _enrolWithToken(IRelease r, IMintable token, uint256 slot) private {
        token.mint(keyholders[slot], DEPOSIT);
        bytes memory acceptance = _acceptance(r, slot, keyholders[slot]);
        vm.startPrank(keyholders[slot]);
        token.approve(address(r), DEPOSIT);
        r.enrol(slot, keyholders[slot], acceptance);
        vm.stopPrank();
    }

    function _pledgeWithToken(IRelease r, IMintable token, address who, uint256 amount) private {
        token.mint(who, amount);
        vm.startPrank(who);
        token.approve(address(r), amount);
        r.pledge(amount);
        vm.stopPrank();
    }

    /// 2.6 with a token: a pledge over what remains transfers only what it takes.
    function test_Pledge_TokenTakesOnlyWhatRemains() public {
        TestToken token = new TestToken();
        IRelease r = _tokenRelease(address(token));
        for (uint256 i; i < SLOTS; ++i) {
            _enrolWithToken(r, IMintable(address(token)), i);
        }
        _openSampled(r);
        _pledgeWithToken(r, IMintable(address(token)), fan, GOAL - 1 ether);
        address late = address(0xF3);
        token.mint(late, 5 ether);
        vm.deal(late, 1);
        vm.startPrank(late);
        token.approve(address(r), 5 ether);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseWrongValue.selector, 1, 0));
        r.pledge{value: 1}(5 ether);
        uint256 taken = r.pledge(5 ether);
        vm.stopPrank();
        vm.assertEq(taken, 1 ether, "takes what remains");
        vm.assertEq(token.balanceOf(late), 4 ether, "only that was transferred");
        vm.assertEq(token.allowance(late, address(r)), 4 ether, "the rest of the allowance is untouched");
        vm.assertEq(_state(r), uint256(IRelease.State.Funded), "funded");
    }

    function test_Hostile_FeeOnTransferTokenRejected() public {
        FeeOnTransferToken token = new FeeOnTransferToken();
        IRelease r = _tokenRelease(address(token));
        token.mint(keyholders[0], DEPOSIT);
        bytes memory acceptance = _acceptance(r, 0, keyholders[0]);
        vm.startPrank(keyholders[0]);
        token.approve(address(r), DEPOSIT);
        vm.expectRevert(
            abi.encodeWithSelector(IRelease.ReleaseTransferAmountMismatch.selector, DEPOSIT - DEPOSIT / 100, DEPOSIT)
        );
        r.enrol(0, keyholders[0], acceptance);
        vm.stopPrank();
    }

    function test_Hostile_NoReturnTokenFullFailurePath() public {
        NoReturnToken token = new NoReturnToken();
        IRelease r = _tokenRelease(address(token));
        for (uint256 i; i < SLOTS; ++i) {
            _enrolWithToken(r, IMintable(address(token)), i);
        }
        _openSampled(r);
        _pledgeWithToken(r, IMintable(address(token)), fan, 3 ether);
        vm.warp(PLEDGE_DEADLINE);
        r.expire();
        vm.prank(fan);
        r.claimRefund();
        vm.assertEq(token.balanceOf(fan), 3 ether, "refunded in the no-return token");
        _claimDeposit(r, 2);
        vm.assertEq(token.balanceOf(payouts[2]), DEPOSIT, "deposit returned");
    }

    function test_Hostile_StandardTokenFullSuccessPath() public {
        TestToken token = new TestToken();
        IRelease r = _tokenRelease(address(token));
        for (uint256 i; i < SLOTS; ++i) {
            _enrolWithToken(r, IMintable(address(token)), i);
        }
        _openSampled(r);
        _pledgeWithToken(r, IMintable(address(token)), fan, GOAL);
        _afterFunding();
        r.publishShare(0, shares[0]);
        r.publishShare(1, shares[1]);
        vm.warp(_revealDeadline(r));
        r.settle();
        _claimDeposit(r, 0);
        vm.assertEq(token.balanceOf(payouts[0]), DEPOSIT + FEE, "deposit + fee in tokens");
        vm.assertEq(registry.balanceOf(keyholders[0], address(token)), GOAL / 100 / 2, "token reputation");
        vm.assertEq(token.balanceOf(address(registry)), GOAL / 100 / 2, "registry holds it");
        r.claimArtistFee();
        vm.assertEq(token.balanceOf(artist), r.artistFee(), "artist paid in tokens");
        // After the cool-down the keyholder withdraws its token reputation.
        _claimDeposit(r, 1);
        vm.warp(registry.profile(keyholders[0]).coolDownEnds);
        vm.prank(keyholders[0]);
        registry.withdraw(address(token), GOAL / 100 / 2);
        vm.assertEq(token.balanceOf(payouts[0]), DEPOSIT + FEE + GOAL / 100 / 2, "withdrawn to payout");
    }

    function test_RevertWhen_EthSentToTokenRelease() public {
        TestToken token = new TestToken();
        IRelease r = _tokenRelease(address(token));
        bytes memory acceptance = _acceptance(r, 0, keyholders[0]);
        vm.prank(keyholders[0]);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseWrongValue.selector, 1, 0));
        r.enrol{value: 1}(0, keyholders[0], acceptance);
    }
}
