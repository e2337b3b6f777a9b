// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ReleaseFixture} from "./utils/ReleaseFixture.sol";
import {IRelease} from "../contracts/interfaces/IRelease.sol";
import {IKeyholderRegistry} from "../contracts/interfaces/IKeyholderRegistry.sol";

/// @notice Profiles, stake, withdrawal rules, cool-down, slashing and snitch rewards of {KeyholderRegistry}.
contract KeyholderRegistryTest is ReleaseFixture {
    address private newcomer;

    function setUp() public override {
        super.setUp();
        newcomer = vm.addr(0xC0FFEE);
        vm.deal(newcomer, 10 ether);
    }

    function test_Register_StoresProfile() public {
        vm.expectEmit(address(registry));
        emit IKeyholderRegistry.KeyholderRegistered(newcomer, operators[0], payouts[0], "https://x", "terms");
        vm.prank(newcomer);
        registry.register(operators[0], payouts[0], "https://x", "terms");
        IKeyholderRegistry.Profile memory p = registry.profile(newcomer);
        vm.assertEq(p.operator, operators[0], "operator");
        vm.assertEq(p.payout, payouts[0], "payout");
        vm.assertEq(p.registeredAt, block.timestamp, "registeredAt");
        vm.assertEq(keccak256(bytes(p.endpoint)), keccak256("https://x"), "endpoint");
        vm.assertEq(keccak256(bytes(p.terms)), keccak256("terms"), "terms");
        vm.assertTrue(registry.isActive(newcomer), "active");
        vm.assertTrue(registry.canActFor(operators[0], newcomer), "operator acts");
        vm.assertTrue(registry.canActFor(newcomer, newcomer), "self acts");
        vm.assertFalse(registry.canActFor(fan, newcomer), "stranger does not");
        vm.assertEq(registry.payoutOf(newcomer), payouts[0], "payoutOf");
    }

    function test_RevertWhen_RegisterTwice() public {
        vm.prank(keyholders[0]);
        vm.expectRevert(abi.encodeWithSelector(IKeyholderRegistry.RegistryAlreadyRegistered.selector, keyholders[0]));
        registry.register(operators[0], payouts[0], "", "");
    }

    function test_RevertWhen_RegisterZeroOperator() public {
        vm.prank(newcomer);
        vm.expectRevert(IKeyholderRegistry.RegistryZeroAddress.selector);
        registry.register(address(0), payouts[0], "", "");
    }

    function test_RevertWhen_RegisterZeroPayout() public {
        vm.prank(newcomer);
        vm.expectRevert(IKeyholderRegistry.RegistryZeroAddress.selector);
        registry.register(operators[0], address(0), "", "");
    }

    function test_RevertWhen_RegisterEndpointTooLong() public {
        vm.prank(newcomer);
        vm.expectRevert(abi.encodeWithSelector(IKeyholderRegistry.RegistryStringTooLong.selector, 257, 256));
        registry.register(operators[0], payouts[0], string(new bytes(257)), "");
    }

    function test_RevertWhen_RegisterTermsTooLong() public {
        vm.prank(newcomer);
        vm.expectRevert(abi.encodeWithSelector(IKeyholderRegistry.RegistryStringTooLong.selector, 1025, 1024));
        registry.register(operators[0], payouts[0], "", string(new bytes(1025)));
    }

    function test_UpdateProfile() public {
        vm.expectEmit(address(registry));
        emit IKeyholderRegistry.ProfileUpdated(keyholders[0], newcomer, newcomer, "https://new", "new terms");
        vm.prank(keyholders[0]);
        registry.updateProfile(newcomer, newcomer, "https://new", "new terms");
        vm.assertEq(registry.profile(keyholders[0]).operator, newcomer, "operator changed");
        vm.assertEq(registry.payoutOf(keyholders[0]), newcomer, "payout changed");
    }

    function test_RevertWhen_UpdateProfileUnregistered() public {
        vm.prank(newcomer);
        vm.expectRevert(abi.encodeWithSelector(IKeyholderRegistry.RegistryNotRegistered.selector, newcomer));
        registry.updateProfile(newcomer, newcomer, "", "");
    }

    function test_Stake_AddsToBalance() public {
        vm.expectEmit(address(registry));
        emit IKeyholderRegistry.Staked(keyholders[0], 2 ether, 2 ether);
        vm.prank(keyholders[0]);
        registry.stake{value: 2 ether}();
        vm.prank(keyholders[0]);
        registry.stake{value: 1 ether}();
        vm.assertEq(registry.balanceOf(keyholders[0], address(0)), 3 ether, "stake");
    }

    function test_RevertWhen_StakeZero() public {
        vm.prank(keyholders[0]);
        vm.expectRevert(IKeyholderRegistry.RegistryZeroAmount.selector);
        registry.stake();
    }

    function test_RevertWhen_StakeUnregistered() public {
        vm.prank(newcomer);
        vm.expectRevert(abi.encodeWithSelector(IKeyholderRegistry.RegistryNotRegistered.selector, newcomer));
        registry.stake{value: 1 ether}();
    }

    function test_Withdraw_WithoutReleasesToPayout() public {
        vm.prank(keyholders[0]);
        registry.stake{value: 2 ether}();
        vm.prank(keyholders[0]);
        registry.withdraw(address(0), 0.5 ether);
        vm.assertEq(payouts[0].balance, 0.5 ether, "paid to payout");
        vm.assertEq(registry.balanceOf(keyholders[0], address(0)), 1.5 ether, "rest stays");
    }

    function test_RevertWhen_WithdrawMoreThanBalance() public {
        vm.prank(keyholders[0]);
        registry.stake{value: 1 ether}();
        vm.prank(keyholders[0]);
        vm.expectRevert(abi.encodeWithSelector(IKeyholderRegistry.RegistryInsufficientBalance.selector, 2 ether, 1 ether));
        registry.withdraw(address(0), 2 ether);
    }

    function test_RevertWhen_WithdrawZero() public {
        vm.prank(keyholders[0]);
        vm.expectRevert(IKeyholderRegistry.RegistryZeroAmount.selector);
        registry.withdraw(address(0), 0);
    }

    function test_RevertWhen_WithdrawWithOpenRelease() public {
        vm.prank(keyholders[0]);
        registry.stake{value: 1 ether}();
        _enrol(release, 0);
        vm.prank(keyholders[0]);
        vm.expectRevert(abi.encodeWithSelector(IKeyholderRegistry.RegistryReleasesOpen.selector, keyholders[0], 1));
        registry.withdraw(address(0), 1 ether);
    }

    function test_RevertWhen_WithdrawAtCoolDownEndMinusOne() public {
        uint256 ends = _stakeEnrolAndClose(0);
        vm.warp(ends - 1);
        vm.prank(keyholders[0]);
        vm.expectRevert(abi.encodeWithSelector(IKeyholderRegistry.RegistryCoolingDown.selector, ends, ends - 1));
        registry.withdraw(address(0), 1 ether);
    }

    function test_Withdraw_AtCoolDownEnd() public {
        uint256 ends = _stakeEnrolAndClose(0);
        vm.warp(ends);
        vm.prank(keyholders[0]);
        registry.withdraw(address(0), 1 ether);
        vm.assertEq(payouts[0].balance, DEPOSIT + 1 ether, "deposit, then stake");
    }

    function test_Withdraw_AfterCoolDownEnd() public {
        uint256 ends = _stakeEnrolAndClose(0);
        vm.warp(ends + 1);
        vm.prank(keyholders[0]);
        registry.withdraw(address(0), 1 ether);
        vm.assertEq(registry.balanceOf(keyholders[0], address(0)), 0, "withdrawn");
    }

    // ============================================================ slashing and snitch rewards

    function test_ClaimSnitchReward_OnTheKeyholdersSchedule() public {
        vm.prank(keyholders[0]);
        registry.stake{value: 4 ether}();
        _enrol(release, 0);
        address reporter = vm.addr(0x5A1);
        _accuse(release, 0, reporter, _leakProof(release, keys[0], keyholders[0], reporter));
        vm.warp(block.timestamp + release.ACCUSATION_WINDOW());
        release.claimBounty(0);
        IKeyholderRegistry.Profile memory p = registry.profile(keyholders[0]);
        vm.assertTrue(p.slashed, "slashed");
        vm.assertEq(p.snitchBeneficiary, reporter, "beneficiary recorded");
        vm.assertEq(p.operator, address(0), "a slashed keyholder has no operator");
        vm.assertEq(p.registeredAt, START, "registration time kept");
        vm.assertTrue(registry.canActFor(keyholders[0], keyholders[0]), "the keyholder still acts for itself");
        vm.assertFalse(registry.canActFor(operators[0], keyholders[0]), "its former operator no longer does");
        vm.assertFalse(registry.canActFor(reporter, keyholders[0]), "nor does the snitch beneficiary");
        vm.assertFalse(registry.isActive(keyholders[0]), "inactive");

        vm.warp(p.coolDownEnds - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IKeyholderRegistry.RegistryCoolingDown.selector, p.coolDownEnds, p.coolDownEnds - 1)
        );
        registry.claimSnitchReward(keyholders[0], address(0));

        vm.warp(p.coolDownEnds);
        vm.expectEmit(address(registry));
        emit IKeyholderRegistry.SnitchRewardPaid(keyholders[0], reporter, address(0), 2 ether, 2 ether);
        registry.claimSnitchReward(keyholders[0], address(0));
        vm.assertEq(reporter.balance, DEPOSIT / 2 + 2 ether, "deposit bounty now, stake half after cool-down");

        vm.expectRevert(abi.encodeWithSelector(IKeyholderRegistry.RegistryNoReward.selector, keyholders[0], address(0)));
        registry.claimSnitchReward(keyholders[0], address(0));
    }

    function test_RevertWhen_ClaimSnitchRewardNotSlashed() public {
        vm.prank(keyholders[0]);
        registry.stake{value: 1 ether}();
        vm.expectRevert(abi.encodeWithSelector(IKeyholderRegistry.RegistryNoReward.selector, keyholders[0], address(0)));
        registry.claimSnitchReward(keyholders[0], address(0));
    }

    function test_RevertWhen_ClaimSnitchRewardWhileSlashedKeyholderHasOpenRelease() public {
        vm.prank(keyholders[0]);
        registry.stake{value: 1 ether}();
        IRelease other = _create(_params(address(0)), bytes32("other"));
        _enrol(other, 0);
        _enrol(release, 0);
        _accuse(release, 0, fan, _leakProof(release, keys[0], keyholders[0], fan));
        vm.warp(block.timestamp + 30 days);
        release.claimBounty(0);
        vm.expectRevert(abi.encodeWithSelector(IKeyholderRegistry.RegistryReleasesOpen.selector, keyholders[0], 1));
        registry.claimSnitchReward(keyholders[0], address(0));
        // Anyone can close the other enrolment once that release ends, which unlocks the reward.
        other.cancel();
        _claimDeposit(other, 0);
        // A cancelled release locks its keyholders for FAILED_LOCK: the reward vests on that schedule.
        vm.assertEq(registry.profile(keyholders[0]).coolDownEnds, block.timestamp + registry.FAILED_LOCK(), "locked");
        vm.warp(block.timestamp + registry.FAILED_LOCK());
        registry.claimSnitchReward(keyholders[0], address(0));
        vm.assertEq(fan.balance, DEPOSIT / 2 + 0.5 ether, "bounty and half the stake");
    }

    function test_RevertWhen_WithdrawSlashed() public {
        vm.prank(keyholders[0]);
        registry.stake{value: 1 ether}();
        _enrol(release, 0);
        _accuse(release, 0, fan, _leakProof(release, keys[0], keyholders[0], fan));
        vm.warp(block.timestamp + 30 days);
        vm.prank(keyholders[0]);
        vm.expectRevert(abi.encodeWithSelector(IKeyholderRegistry.RegistrySlashed.selector, keyholders[0]));
        registry.withdraw(address(0), 1 ether);
    }

    /// @dev Stakes 1 ETH for keyholder `i`, enrols it, cancels the release and claims: returns coolDownEnds.
    function _stakeEnrolAndClose(uint256 i) private returns (uint256) {
        vm.prank(keyholders[i]);
        registry.stake{value: 1 ether}();
        _enrol(release, i);
        vm.warp(ENROL_DEADLINE);
        release.cancel();
        _claimDeposit(release, i);
        return registry.profile(keyholders[i]).coolDownEnds;
    }
}
