// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ReleaseFixture} from "./utils/ReleaseFixture.sol";
import {IRelease} from "../contracts/interfaces/IRelease.sol";
import {FragmentTree} from "./utils/FragmentTree.sol";

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

/// @notice The share budgets (spec §12): one measured call per test, first thing, as above.
abstract contract ShareGasBudget is ReleaseFixture {
    IRelease internal measured;
    bytes internal shareCall;

    /// @dev Publishes `call` on `measured` and returns the runner's gas figure, checked as in {GasBudgetTest}.
    function _measure() internal returns (uint256 used) {
        bytes memory callData = shareCall;
        uint256 before = gasleft();
        (bool ok,) = address(measured).call(callData);
        uint256 spent = before - gasleft();
        used = vm.lastCallGas().gasTotalUsed;
        vm.assertTrue(ok, "publishShare succeeded");
        vm.assertLe(used, spent, "the callee cannot use more than the caller spent");
        vm.assertLe(spent - used, 6_000, "the runner's figure accounts for the whole call");
    }

    /// @dev A group release, funded, with the shares of `published` slots already on chain.
    function _prepare(uint256 m, uint256 size, uint256 published) internal returns (uint256[] memory groupShares) {
        return _prepare(m, size, published, FRAGMENTS, SAMPLES);
    }

    /// @dev The same, its archive of `fragments` sampled `samples` times.
    function _prepare(uint256 m, uint256 size, uint256 published, uint32 fragments, uint8 samples)
        internal
        returns (uint256[] memory groupShares)
    {
        (measured, groupShares) = _groupRelease(m, size, SECRET, SECRET, size, fragments, samples, "gas");
        _fundGroupRelease(measured, size);
        for (uint256 i = 1; i <= published; ++i) {
            measured.publishShare(i, groupShares[i]);
        }
        shareCall = abi.encodeCall(measured.publishShare, (0, groupShares[0]));
    }
}

contract GasBudgetPublishShareTest is ShareGasBudget {
    /// @dev The issue's target was 60,000; measured 63,046 in the CI profile (spec §12 says why:
    /// 21,000 intrinsic + 22,100 for the share's new storage slot leave ~17,000 for everything else).
    uint256 private constant PUBLISH_SHARE_BUDGET = 64_000;

    /// The first share of a 3-of-5 group: stored, nothing recombined.
    function setUp() public override {
        super.setUp();
        _prepare(3, 5, 0);
    }

    function test_Gas_PublishShareWithinBudget() public {
        vm.assertLe(_measure(), PUBLISH_SHARE_BUDGET, "publishShare exceeds its 64k gas budget");
        vm.assertEq(uint256(measured.state()), uint256(IRelease.State.Funded), "stored, not recombined");
    }
}

contract GasBudgetCompletingShareTest is ShareGasBudget {
    /// @dev Issue #9's target was 95,000 (measured 86,054); the check that the sampled keys derive
    /// from the secret (spec §4.1, issue #10) added ~15,000: two cold reads (the seed, the keys'
    /// hash), the sample rule, and an HKDF per sample. Measured 101,043 in the CI profile.
    uint256 private constant COMPLETING_SHARE_BUDGET = 102_000;

    /// The third share of a 3-of-5 group: stored, the group recombines s, the release is Released.
    function setUp() public override {
        super.setUp();
        _prepare(3, 5, 2);
    }

    function test_Gas_CompletingShareOfThreeOfFiveWithinBudget() public {
        vm.assertLe(_measure(), COMPLETING_SHARE_BUDGET, "the completing share exceeds its 102k gas budget");
        vm.assertEq(uint256(measured.state()), uint256(IRelease.State.Released), "recombined and released");
    }
}

contract GasBudgetCompletingShareSixteenSamplesTest is ShareGasBudget {
    /// @dev The completing share also derives every sampled fragment's key from the secret (spec
    /// §4.1): MAX_SAMPLES = 16 of a 1,000-fragment archive, 16 HKDFs (~1,700 gas each) where the
    /// fixture has 3. Measured 156,441 in the CI profile; stated, the bound catches a blow-up.
    uint256 private constant COMPLETING_SHARE_16_SAMPLES_BUDGET = 160_000;

    function setUp() public override {
        super.setUp();
        _prepare(3, 5, 2, 1_000, 16);
    }

    function test_Gas_CompletingShareWithSixteenSamplesWithinBudget() public {
        vm.assertLe(_measure(), COMPLETING_SHARE_16_SAMPLES_BUDGET, "the completing share with 16 samples exceeds its budget");
        vm.assertEq(uint256(measured.state()), uint256(IRelease.State.Released), "recombined, samples checked, released");
    }
}

contract GasBudgetCompletingShare32Test is ShareGasBudget {
    /// @dev Measured 314,893 in the CI profile (spec §12): 31 cold share reads (65,100) and M^2 = 1,024
    /// small multiplications; stated, not a target. The bound only catches a blow-up: the coverage
    /// run instruments every statement of the recombination loop (it measures ~408,000 there).
    uint256 private constant COMPLETING_SHARE_32_BUDGET = 500_000;

    /// The 32nd share of a 32-of-32 group, the largest group a release can have.
    function setUp() public override {
        super.setUp();
        _prepare(32, 32, 31);
    }

    function test_Gas_CompletingShareOfThirtyTwoOfThirtyTwoWithinBudget() public {
        uint256 used = _measure();
        vm.assertLe(used, COMPLETING_SHARE_32_BUDGET, "the completing share of 32-of-32 exceeds its budget");
        vm.assertEq(uint256(measured.state()), uint256(IRelease.State.Released), "recombined and released");
    }
}

/// @notice `revealSamples` for 5 samples of a 1,000-fragment archive within 150,000 gas (issue #10),
/// measured as {GasBudgetTest} does.
contract SampleGasBudgetTest is ReleaseFixture {
    uint256 private constant REVEAL_BUDGET = 150_000;
    uint256 private constant COUNT = 1_000;

    bytes private _revealCall;

    function setUp() public override {
        super.setUp();
        IRelease.Params memory p = _params(address(0));
        (p.fragmentRoot, p.fragmentCount, p.sampleCount) = (FragmentTree.root(_fragmentLeaves(SECRET, COUNT)), uint32(COUNT), 5);
        release = _create(p, "1,000 fragments");
        _enrolEvery(release);
        _pastBeacon(release);
        release.drawSamples();
        (uint256[] memory keys, bytes32[][] memory proofs) = _sampleReveal(release, COUNT);
        _revealCall = abi.encodeCall(release.revealSamples, (keys, proofs));
    }

    function test_Gas_RevealFiveSamplesOfAThousandFragmentsWithinBudget() public {
        bytes memory callData = _revealCall;

        uint256 before = gasleft();
        (bool ok,) = address(release).call(callData);
        uint256 spent = before - gasleft();
        uint256 used = vm.lastCallGas().gasTotalUsed;

        vm.assertTrue(ok, "revealSamples succeeded");
        vm.assertEq(uint256(release.state()), uint256(IRelease.State.Open), "the whole job: pledging opened");
        vm.assertLe(used, spent, "the callee cannot use more than the caller spent");
        // Under --gas-stats (the CI profile) the runner's figure is the whole transaction, intrinsic
        // gas and calldata included (118,114 when this was written); without it, execution alone.
        vm.assertLe(used, REVEAL_BUDGET, "revealSamples, 5 samples of 1,000 fragments, exceeds its 150k gas budget");
    }
}
