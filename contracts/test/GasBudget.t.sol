// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ReleaseFixture} from "./utils/ReleaseFixture.sol";

/**
 * @notice Gas budgets of the issue's targets that a refactor could silently break. The measured
 * call is the first thing its test does: setUp runs as a transaction of its own, so every account
 * and slot the call touches is cold, as in a real transaction (touching anything before the call
 * would warm it and hide up to ~25k gas). The figure checked is the runner's `lastCallGas()`, the
 * very number `--gas-stats` reports (execution gas, without the transaction's intrinsic 21,000 and
 * calldata), cross-checked against the caller's own gasleft() count.
 */
contract GasBudgetTest is ReleaseFixture {
    /// @dev The issue's target for `accuse`, worst case.
    uint256 private constant ACCUSE_BUDGET = 100_000;

    address private _beneficiary;
    bytes private _accuseCall;

    /// The worst case of `accuse` (the reveal of a commitment made in setUp): Open (so the fans get a
    /// quarter), a keyholder never slashed before (so the registry records its first snitch
    /// beneficiary), a beneficiary account that does not exist.
    function setUp() public override {
        super.setUp();
        _enrolAll(release);
        _pledge(release, fan, 1 ether);
        _beneficiary = address(uint160(uint256(keccak256("brand-new beneficiary"))));
        bytes memory proof = _leakProof(release, keys[4], keyholders[4], _beneficiary);
        bytes32 salt = _commit(release, address(this), 4, _beneficiary, proof);
        _accuseCall = abi.encodeCall(release.accuse, (4, _beneficiary, proof, salt));
        vm.assertEq(_beneficiary.balance, 0, "beneficiary does not exist yet");
        vm.assertFalse(registry.profile(keyholders[4]).slashed, "first slash of this keyholder");
        vm.assertEq(release.summary().fanPool, 0, "first contribution to the fans' pool");
    }

    function test_Gas_AccuseWorstCaseWithinBudget() public {
        bytes memory callData = _accuseCall;

        uint256 before = gasleft();
        (bool ok,) = address(release).call(callData);
        uint256 spent = before - gasleft();
        uint256 used = vm.lastCallGas().gasTotalUsed;

        vm.assertTrue(ok, "accuse succeeded");
        vm.assertLe(used, ACCUSE_BUDGET, "accuse worst case exceeds its 100k gas budget");
        // Cross-check the runner's figure against the caller's own count, which also pays the CALL
        // into the cold release (2,600) and the call's set-up: it must be a little above, never below.
        vm.assertLe(used, spent, "the callee cannot use more than the caller spent");
        vm.assertLe(spent - used, 6_000, "the runner's figure accounts for the whole call");
        // The measurement is only meaningful if the call did the whole worst-case job.
        vm.assertEq(release.summary().fanPool, DEPOSIT / 4, "fans' pool fed");
        vm.assertEq(registry.profile(keyholders[4]).snitchBeneficiary, _beneficiary, "snitch recorded");
        (address bound, uint256 owed,) = release.bountyOf(4);
        vm.assertEq(bound, _beneficiary, "bounty bound to the beneficiary");
        vm.assertEq(owed, DEPOSIT / 2, "bounty owed");
    }
}
