// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ReleaseFixture} from "./utils/ReleaseFixture.sol";
import {KeyholderRegistry} from "../contracts/KeyholderRegistry.sol";
import {IRelease} from "../contracts/interfaces/IRelease.sol";
import {IReleaseFactory} from "../contracts/interfaces/IReleaseFactory.sol";
import {IKeyholderRegistry} from "../contracts/interfaces/IKeyholderRegistry.sol";
import {TestToken} from "./mocks/Tokens.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReleaseFactory} from "../contracts/ReleaseFactory.sol";
import {ReleaseViews} from "../contracts/ReleaseViews.sol";

/// @notice Creation, addresses, the allow-list and every parameter check of {ReleaseFactory} / {Release-initialize}.
contract ReleaseFactoryTest is ReleaseFixture {
    function test_RevertWhen_ViewsGivenToTheFactoryHaveNoCode() public {
        address nothing = vm.addr(0xDEAD);
        vm.expectRevert(abi.encodeWithSelector(IReleaseFactory.FactoryViewsHaveNoCode.selector, nothing));
        new ReleaseFactory(address(this), nothing);
    }

    function test_Views_TheDeploymentGivenToTheFactoryAnswersItsReleases() public {
        ReleaseViews views = new ReleaseViews();
        ReleaseFactory other = new ReleaseFactory(address(this), address(views));
        vm.assertEq(other.views(), address(views), "views() is the deployment given");
        IRelease.Params memory p = _params(address(0));
        vm.prank(artist);
        IRelease r = IRelease(other.createRelease(p, "other"));
        vm.assertEq(r.registry(), other.registry(), "the views read the registry from the clone's configuration");
        vm.assertEq(r.summary().goal, GOAL, "answered through the fallback");
    }

    function test_CreateRelease_AtPredictedAddress() public {
        bytes32 salt = keccak256("album");
        address predicted = factory.predictAddress(artist, salt);
        vm.assertEq(predicted.code.length, 0, "nothing there yet");
        vm.expectEmit(address(factory));
        emit IReleaseFactory.ReleaseCreated(predicted, artist, salt);
        IRelease created = _create(_params(address(0)), salt);
        vm.assertEq(address(created), predicted, "CREATE2 address as predicted");
        vm.assertTrue(factory.isRelease(predicted), "is a release");
        vm.assertEq(created.artist(), artist, "artist is the caller");
    }

    function test_PredictAddress_DependsOnArtist() public view {
        vm.assertNotEq(
            factory.predictAddress(artist, bytes32("x")), factory.predictAddress(fan, bytes32("x")), "artist in salt"
        );
    }

    function test_RevertWhen_CreateReleaseSameSaltTwice() public {
        IRelease.Params memory p = _params(address(0));
        vm.prank(artist);
        vm.expectRevert();
        factory.createRelease(p, bytes32("first"));
    }

    function test_RevertWhen_ImplementationInitialized() public {
        IRelease implementation = IRelease(factory.implementation());
        IRelease.Params memory p = _params(address(0));
        vm.prank(address(factory));
        vm.expectRevert(IRelease.ReleaseIsImplementation.selector);
        implementation.initialize(artist, p);
        vm.assertFalse(factory.isRelease(address(implementation)), "implementation is not a release");
    }

    function test_RevertWhen_CloneInitializedTwice() public {
        IRelease.Params memory p = _params(address(0));
        vm.prank(address(factory));
        vm.expectRevert(
            abi.encodeWithSelector(
                IRelease.ReleaseWrongState.selector, IRelease.State.Enrolling, 1 << uint256(IRelease.State.None)
            )
        );
        release.initialize(artist, p);
    }

    function test_RevertWhen_CloneInitializedByStranger() public {
        IRelease.Params memory p = _params(address(0));
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseNotFactory.selector, address(this), address(factory)));
        release.initialize(artist, p);
    }

    function test_IsRelease_FalseForOthers() public view {
        vm.assertFalse(factory.isRelease(address(this)), "a test contract");
        vm.assertFalse(factory.isRelease(fan), "an EOA");
    }

    function test_Views() public view {
        vm.assertEq(factory.reputationBps(), 100, "1%");
        vm.assertTrue(factory.isTokenAllowed(address(0)), "ETH always allowed");
        vm.assertEq(KeyholderRegistry(factory.registry()).factory(), address(factory), "registry knows its factory");
        vm.assertEq(registry.coolDown(), 7 days, "cool-down");
    }

    // ============================================================ allow-list

    function test_SetTokenAllowed_EnablesTokenReleases() public {
        TestToken token = new TestToken();
        vm.assertFalse(factory.isTokenAllowed(address(token)), "not yet");
        vm.expectEmit(address(factory));
        emit IReleaseFactory.TokenAllowed(address(token), true);
        factory.setTokenAllowed(address(token), true);
        IRelease r = _create(_params(address(token)), bytes32("token"));
        vm.assertEq(r.params().token, address(token), "token release");
        factory.setTokenAllowed(address(token), false);
        vm.assertFalse(factory.isTokenAllowed(address(token)), "removed");
    }

    function test_RevertWhen_TokenNotAllowed() public {
        TestToken token = new TestToken();
        IRelease.Params memory p = _params(address(token));
        vm.prank(artist);
        vm.expectRevert(abi.encodeWithSelector(IReleaseFactory.FactoryTokenNotAllowed.selector, address(token)));
        factory.createRelease(p, bytes32("token"));
    }

    function test_RevertWhen_AllowTokenWithoutCode() public {
        vm.expectRevert(abi.encodeWithSelector(IReleaseFactory.FactoryTokenHasNoCode.selector, fan));
        factory.setTokenAllowed(fan, true);
    }

    function test_RevertWhen_AllowTokenByStranger() public {
        vm.prank(fan);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, fan));
        factory.setTokenAllowed(address(1), true);
    }

    // ============================================================ parameter checks

    function _expectInvalid(IRelease.Params memory p, string memory reason) private {
        vm.prank(artist);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidParams.selector, reason));
        factory.createRelease(p, keccak256(bytes(reason)));
    }

    function test_RevertWhen_ParamsNoGroups() public {
        IRelease.Params memory p = _params(address(0));
        p.groupSizes = new uint8[](0);
        p.groupThresholds = new uint8[](0);
        _expectInvalid(p, "groups");
    }

    function test_RevertWhen_ParamsTooManyGroups() public {
        IRelease.Params memory p = _params(address(0));
        p.groupSizes = new uint8[](9);
        p.groupThresholds = new uint8[](9);
        _expectInvalid(p, "groups");
    }

    function test_RevertWhen_ParamsGroupLengthsDiffer() public {
        IRelease.Params memory p = _params(address(0));
        p.groupThresholds = new uint8[](1);
        _expectInvalid(p, "groups");
    }

    function test_RevertWhen_ParamsThresholdZero() public {
        IRelease.Params memory p = _params(address(0));
        p.groupThresholds[0] = 0;
        _expectInvalid(p, "threshold");
    }

    function test_RevertWhen_ParamsThresholdAboveSize() public {
        IRelease.Params memory p = _params(address(0));
        p.groupThresholds[1] = 4;
        _expectInvalid(p, "threshold");
    }

    function test_RevertWhen_ParamsKeyCountMismatch() public {
        IRelease.Params memory p = _params(address(0));
        p.releaseKeys = new address[](4);
        _expectInvalid(p, "releaseKeys");
    }

    function test_RevertWhen_ParamsTooManySlots() public {
        IRelease.Params memory p = _params(address(0));
        p.groupSizes[0] = 30;
        p.groupSizes[1] = 3;
        p.releaseKeys = new address[](33);
        _expectInvalid(p, "releaseKeys");
    }

    function test_RevertWhen_ParamsZeroReleaseKey() public {
        IRelease.Params memory p = _params(address(0));
        p.releaseKeys[4] = address(0);
        _expectInvalid(p, "releaseKeys");
    }

    function test_RevertWhen_ParamsZeroDeposit() public {
        IRelease.Params memory p = _params(address(0));
        p.deposit = 0;
        _expectInvalid(p, "deposit");
    }

    function test_RevertWhen_ParamsGoalDoesNotCoverFees() public {
        IRelease.Params memory p = _params(address(0));
        // 5 fees of 2 ETH eat the whole 10 ETH goal: the artist's fee would be negative.
        p.keyholderFee = 2 ether;
        _expectInvalid(p, "goal");
    }

    function test_RevertWhen_ParamsEnrolDeadlineNow() public {
        IRelease.Params memory p = _params(address(0));
        p.enrolDeadline = uint40(block.timestamp);
        _expectInvalid(p, "enrolDeadline");
    }

    function test_ParamsEnrolDeadlineNowPlusOne() public {
        IRelease.Params memory p = _params(address(0));
        p.enrolDeadline = uint40(block.timestamp + 1);
        IRelease r = _create(p, bytes32("soon"));
        vm.assertEq(r.summary().enrolDeadline, block.timestamp + 1, "accepted");
    }

    function test_RevertWhen_ParamsPledgeDeadlineNotAfterEnrol() public {
        IRelease.Params memory p = _params(address(0));
        p.pledgeDeadline = p.enrolDeadline;
        _expectInvalid(p, "pledgeDeadline");
    }

    function _expectOutOfBounds(IRelease.Params memory p, string memory term, uint256 value, uint256 min, uint256 max)
        private
    {
        vm.prank(artist);
        vm.expectRevert(
            abi.encodeWithSelector(IReleaseFactory.FactoryTermOutOfBounds.selector, term, value, min, max)
        );
        factory.createRelease(p, keccak256(bytes(term)));
    }

    /// 2.5: a reveal window too short to publish in lets an artist that funds its own release take
    /// every deposit; too long, or deadlines too far, lock deposits and pledges for years.
    function test_TermBounds_EdgesAcceptedOutsideRefused() public {
        (uint256 minReveal, uint256 maxReveal, uint256 maxEnrol, uint256 maxPledge) = factory.termBounds();
        vm.assertEq(minReveal, 1 hours, "min reveal window");
        vm.assertEq(maxReveal, 90 days, "max reveal window");
        vm.assertEq(maxEnrol, 90 days, "max enrolment period");
        vm.assertEq(maxPledge, 365 days, "max pledge period");

        IRelease.Params memory p = _params(address(0));
        p.revealWindow = uint32(minReveal - 1);
        _expectOutOfBounds(p, "revealWindow", minReveal - 1, minReveal, maxReveal);
        p.revealWindow = 0;
        _expectOutOfBounds(p, "revealWindow", 0, minReveal, maxReveal);
        p.revealWindow = uint32(maxReveal + 1);
        _expectOutOfBounds(p, "revealWindow", maxReveal + 1, minReveal, maxReveal);

        p = _params(address(0));
        p.enrolDeadline = uint40(block.timestamp + maxEnrol + 1);
        p.pledgeDeadline = p.enrolDeadline + 1;
        _expectOutOfBounds(p, "enrolPeriod", maxEnrol + 1, 1, maxEnrol);

        p = _params(address(0));
        p.pledgeDeadline = uint40(p.enrolDeadline + maxPledge + 1);
        _expectOutOfBounds(p, "pledgePeriod", maxPledge + 1, 1, maxPledge);
        p.pledgeDeadline = type(uint40).max;
        _expectOutOfBounds(p, "pledgePeriod", type(uint40).max - p.enrolDeadline, 1, maxPledge);

        // Every bound itself is accepted.
        p = _params(address(0));
        p.revealWindow = uint32(minReveal);
        _create(p, "min reveal");
        p.revealWindow = uint32(maxReveal);
        p.enrolDeadline = uint40(block.timestamp + maxEnrol);
        p.pledgeDeadline = uint40(p.enrolDeadline + maxPledge);
        IRelease longest = _create(p, "longest");
        vm.assertEq(longest.params().revealWindow, maxReveal, "longest terms kept");
    }

    /// 2.7: everything a release can hold (the goal and every deposit) must fit its uint96 amounts.
    function test_RevertWhen_ParamsSumsUnrepresentable() public {
        IRelease.Params memory p = _params(address(0));
        uint256 maxDeposit = (uint256(type(uint96).max) - p.goal) / SLOTS;
        p.deposit = uint96(maxDeposit + 1);
        _expectInvalid(p, "total");
        p.deposit = uint96(maxDeposit);
        IRelease r = _create(p, "largest");
        vm.assertEq(r.params().deposit, maxDeposit, "the largest representable deposit is accepted");
    }

    function test_RevertWhen_ParamsZeroSecretAddress() public {
        IRelease.Params memory p = _params(address(0));
        p.secretAddress = address(0);
        _expectInvalid(p, "secretAddress");
    }

    function test_RevertWhen_ParamsZeroManifestHash() public {
        IRelease.Params memory p = _params(address(0));
        p.manifestHash = 0;
        _expectInvalid(p, "manifestHash");
    }

    function test_RevertWhen_ParamsZeroCommitmentsHash() public {
        IRelease.Params memory p = _params(address(0));
        p.commitmentsHash = 0;
        _expectInvalid(p, "commitmentsHash");
    }

    function test_RevertWhen_ParamsEmptyCid() public {
        IRelease.Params memory p = _params(address(0));
        p.archiveCid = "";
        _expectInvalid(p, "archiveCid");
    }

    function test_RevertWhen_ParamsCidTooLong() public {
        IRelease.Params memory p = _params(address(0));
        p.archiveCid = new bytes(65);
        _expectInvalid(p, "archiveCid");
    }

    // ============================================================ registry authorisation

    function test_RevertWhen_RegistryCalledByNonRelease() public {
        vm.expectRevert(abi.encodeWithSelector(IKeyholderRegistry.RegistryNotRelease.selector, address(this)));
        registry.onEnrolled(keyholders[0]);
        vm.expectRevert(abi.encodeWithSelector(IKeyholderRegistry.RegistryNotRelease.selector, address(this)));
        registry.reportLeak(keyholders[0], fan, 1, true);
    }
}
