// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ReleaseFixture} from "./utils/ReleaseFixture.sol";
import {ReleaseKeeper} from "../contracts/ReleaseKeeper.sol";
import {IRelease} from "../contracts/interfaces/IRelease.sol";
import {IReleaseKeeper} from "../contracts/interfaces/IReleaseKeeper.sol";

/// @notice The automation adapter (spec §10): Chainlink Automation and Gelato perform a release's
/// due step through the factory's keeper, which calls the release's permissionless cancel/expire/settle.
contract ReleaseKeeperTest is ReleaseFixture {
    ReleaseKeeper internal keeper;

    function setUp() public override {
        super.setUp();
        keeper = ReleaseKeeper(factory.keeper());
    }

    function _check() internal view returns (bool needed, IReleaseKeeper.Step step, bytes memory data) {
        (needed, data) = keeper.checkUpkeep(abi.encode(address(release)));
        address target;
        (target, step) = abi.decode(data, (address, IReleaseKeeper.Step));
        vm.assertEq(target, address(release), "performData names the release");
    }

    function test_Keeper_ServesItsFactory() public view {
        vm.assertEq(keeper.factory(), address(factory), "factory");
    }

    function test_Upkeep_NothingDueWhileEnrolling() public view {
        (bool needed, IReleaseKeeper.Step step,) = _check();
        vm.assertFalse(needed, "nothing due");
        vm.assertEq(uint256(step), uint256(IReleaseKeeper.Step.None), "step none");
        (bool canExec,) = keeper.checker(address(release));
        vm.assertFalse(canExec, "gelato: nothing due");
    }

    function test_Upkeep_CancelsAtEnrolDeadline() public {
        vm.warp(ENROL_DEADLINE - 1);
        (bool needed,,) = _check();
        vm.assertFalse(needed, "not due at deadline - 1");
        vm.warp(ENROL_DEADLINE);
        bytes memory data;
        IReleaseKeeper.Step step;
        (needed, step, data) = _check();
        vm.assertTrue(needed, "due at deadline");
        vm.assertEq(uint256(step), uint256(IReleaseKeeper.Step.Cancel), "cancel");
        vm.prank(vm.addr(0xC4A1)); // any account
        keeper.performUpkeep(data);
        vm.assertEq(_state(release), uint256(IRelease.State.Cancelled), "cancelled");
        vm.expectRevert(
            abi.encodeWithSelector(
                IReleaseKeeper.KeeperUpkeepNotNeeded.selector, address(release), IReleaseKeeper.Step.Cancel
            )
        );
        keeper.performUpkeep(data);
    }

    /// The keeper draws the samples once the beacon is mined (keeping the artist's whole window),
    /// and cancels when their keys are overdue.
    function test_Upkeep_DrawsSamplesThenCancelsWhenTheirKeysAreOverdue() public {
        _enrolEvery(release);
        (bool needed,,) = _check();
        vm.assertFalse(needed, "nothing due before the beacon is mined");
        _pastBeacon(release);
        bytes memory data;
        IReleaseKeeper.Step step;
        (needed, step, data) = _check();
        vm.assertEq(uint256(step), uint256(IReleaseKeeper.Step.DrawSamples), "draw the samples");
        keeper.performUpkeep(data);
        (, bytes32 seed, uint256 revealBy,) = release.samples();
        vm.assertTrue(seed != 0 && revealBy != 0, "drawn");
        (needed,,) = _check();
        vm.assertFalse(needed, "the artist's turn");
        vm.warp(revealBy);
        (needed, step, data) = _check();
        vm.assertEq(uint256(step), uint256(IReleaseKeeper.Step.Cancel), "keys overdue: cancel");
        keeper.performUpkeep(data);
        vm.assertEq(_state(release), uint256(IRelease.State.Cancelled), "cancelled");
    }

    function test_Upkeep_CancelsWhenTheBeaconIsLost() public {
        _enrolEvery(release);
        (uint256 beacon,,,) = release.samples();
        vm.roll(beacon + 257);
        (, IReleaseKeeper.Step step, bytes memory data) = _check();
        vm.assertEq(uint256(step), uint256(IReleaseKeeper.Step.Cancel), "lost beacon: cancel");
        keeper.performUpkeep(data);
        vm.assertEq(_state(release), uint256(IRelease.State.Cancelled), "cancelled");
    }

    function test_Upkeep_GelatoExpires() public {
        _enrolAll(release);
        vm.warp(PLEDGE_DEADLINE);
        (bool canExec, bytes memory payload) = keeper.checker(address(release));
        vm.assertTrue(canExec, "due");
        (bool ok,) = address(keeper).call(payload);
        vm.assertTrue(ok, "gelato payload performs the step");
        vm.assertEq(_state(release), uint256(IRelease.State.Failed), "expired");
    }

    function test_Upkeep_Settles() public {
        _fund(release);
        release.authorRelease(SECRET);
        vm.warp(_revealDeadline(release));
        (bool needed, IReleaseKeeper.Step step, bytes memory data) = _check();
        vm.assertTrue(needed, "due");
        vm.assertEq(uint256(step), uint256(IReleaseKeeper.Step.Settle), "settle");
        keeper.performUpkeep(data);
        vm.assertEq(_state(release), uint256(IRelease.State.Settled), "settled");
        (needed,,) = _check();
        vm.assertFalse(needed, "nothing due once settled");
    }

    function test_Upkeep_SettlesAFundedRelease() public {
        _fund(release);
        vm.warp(_revealDeadline(release));
        (bool needed, IReleaseKeeper.Step step, bytes memory data) = _check();
        vm.assertTrue(needed && step == IReleaseKeeper.Step.Settle, "due");
        keeper.performUpkeep(data);
        vm.assertEq(_state(release), uint256(IRelease.State.Failed), "failed");
    }

    function test_RevertWhen_PerformUpkeepNotDue() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IReleaseKeeper.KeeperUpkeepNotNeeded.selector, address(release), IReleaseKeeper.Step.Expire
            )
        );
        keeper.performUpkeep(abi.encode(address(release), IReleaseKeeper.Step.Expire));
        vm.expectRevert(
            abi.encodeWithSelector(
                IReleaseKeeper.KeeperUpkeepNotNeeded.selector, address(release), IReleaseKeeper.Step.None
            )
        );
        keeper.performUpkeep(abi.encode(address(release), IReleaseKeeper.Step.None));
    }

    function test_RevertWhen_PerformUpkeepWrongStep() public {
        vm.warp(ENROL_DEADLINE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IReleaseKeeper.KeeperUpkeepNotNeeded.selector, address(release), IReleaseKeeper.Step.Settle
            )
        );
        keeper.performUpkeep(abi.encode(address(release), IReleaseKeeper.Step.Settle));
    }

    /// The keeper only ever calls releases of its factory: an impostor with a release's ABI is refused.
    function test_RevertWhen_NotARelease() public {
        address impostor = address(new Impostor());
        vm.expectRevert(abi.encodeWithSelector(IReleaseKeeper.KeeperNotARelease.selector, impostor));
        keeper.checkUpkeep(abi.encode(impostor));
        vm.expectRevert(abi.encodeWithSelector(IReleaseKeeper.KeeperNotARelease.selector, impostor));
        keeper.checker(impostor);
        vm.expectRevert(abi.encodeWithSelector(IReleaseKeeper.KeeperNotARelease.selector, impostor));
        keeper.performUpkeep(abi.encode(impostor, IReleaseKeeper.Step.Cancel));
    }
}

/// @dev Answers like a release whose enrolment deadline passed.
contract Impostor {
    function state() external pure returns (IRelease.State) {
        return IRelease.State.Enrolling;
    }
}
