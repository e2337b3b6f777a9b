// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";

import {IRelease} from "./interfaces/IRelease.sol";
import {IReleaseFactory} from "./interfaces/IReleaseFactory.sol";
import {IKeyholderRegistry} from "./interfaces/IKeyholderRegistry.sol";
import {KeyholderRegistry} from "./KeyholderRegistry.sol";
import {Release} from "./Release.sol";
import {ReleaseKeeper} from "./ReleaseKeeper.sol";

/**
 * @title ReleaseFactory
 * @notice See {IReleaseFactory}. The constructor deploys the release implementation and the
 * registry (the release views are deployed before, and given). They need each other's address,
 * so the registry's address is predicted from the factory's nonce (the implementation is its
 * first CREATE, nonce 1, the registry its second, nonce 2) and checked once both exist. Its third
 * CREATE is the automation adapter, {ReleaseKeeper}.
 */
contract ReleaseFactory is IReleaseFactory, Ownable2Step {
    uint256 private constant _MIN_REVEAL_WINDOW = 1 hours;
    uint256 private constant _MAX_REVEAL_WINDOW = 90 days;
    uint256 private constant _MAX_ENROL_PERIOD = 90 days;
    uint256 private constant _MAX_PLEDGE_PERIOD = 365 days;

    address private immutable _IMPLEMENTATION;
    address private immutable _REGISTRY;
    address private immutable _VIEWS;
    bytes32 private immutable _CLONE_CODEHASH;
    address private immutable _KEEPER;

    mapping(address token => bool) private _allowedTokens;

    /// @param initialOwner administers the token allow-list (may renounce)
    /// @param views_ a deployment of {ReleaseViews}: deployed apart because the factory's initcode
    /// cannot hold its code too (EIP-3860, 49,152 bytes). It runs with every release's authority, and
    /// only its having code is checked here: a client that verifies a deployment by code verifies
    /// it too, as it does the implementation (spec §1).
    constructor(address initialOwner, address views_) Ownable(initialOwner) {
        if (views_.code.length == 0) revert FactoryViewsHaveNoCode(views_);
        address predictedRegistry = _createAddress(address(this), 2);
        IKeyholderRegistry registryToBe = IKeyholderRegistry(predictedRegistry);
        address implementation_ = address(new Release(address(this), registryToBe, views_));
        address registry_ = address(new KeyholderRegistry(implementation_));
        // Unreachable unless the EVM's nonce rules change; guards the prediction above.
        assert(registry_ == predictedRegistry);
        _IMPLEMENTATION = implementation_;
        _REGISTRY = registry_;
        _VIEWS = views_;
        _KEEPER = address(new ReleaseKeeper(this));
        _CLONE_CODEHASH = keccak256(
            abi.encodePacked(hex"363d3d373d3d3d363d73", implementation_, hex"5af43d82803e903d91602b57fd5bf3")
        );
    }

    /// @inheritdoc IReleaseFactory
    function createRelease(IRelease.Params calldata params, bytes32 salt) external returns (address release) {
        if (params.token != address(0) && !_allowedTokens[params.token]) revert FactoryTokenNotAllowed(params.token);
        _checkTermBounds(params);
        release = Clones.cloneDeterministic(_IMPLEMENTATION, _cloneSalt(msg.sender, salt));
        emit ReleaseCreated(release, msg.sender, salt);
        IRelease(release).initialize(msg.sender, params);
    }

    /// @inheritdoc IReleaseFactory
    function setTokenAllowed(address token, bool allowed) external onlyOwner {
        if (allowed && token.code.length == 0) revert FactoryTokenHasNoCode(token);
        _allowedTokens[token] = allowed;
        emit TokenAllowed(token, allowed);
    }

    /// @inheritdoc IReleaseFactory
    function predictAddress(address artist, bytes32 salt) external view returns (address) {
        return Clones.predictDeterministicAddress(_IMPLEMENTATION, _cloneSalt(artist, salt));
    }

    /// @inheritdoc IReleaseFactory
    function isRelease(address account) external view returns (bool) {
        return account.codehash == _CLONE_CODEHASH && IRelease(account).state() != IRelease.State.None;
    }

    /// @inheritdoc IReleaseFactory
    function isTokenAllowed(address token) external view returns (bool) {
        return token == address(0) || _allowedTokens[token];
    }

    /// @inheritdoc IReleaseFactory
    function implementation() external view returns (address) {
        return _IMPLEMENTATION;
    }

    /// @inheritdoc IReleaseFactory
    function views() external view returns (address) {
        return _VIEWS;
    }

    /// @inheritdoc IReleaseFactory
    function registry() external view returns (address) {
        return _REGISTRY;
    }

    /// @inheritdoc IReleaseFactory
    function keeper() external view returns (address) {
        return _KEEPER;
    }

    /// @inheritdoc IReleaseFactory
    function reputationBps() external view returns (uint256) {
        return IRelease(_IMPLEMENTATION).REPUTATION_BPS();
    }

    /// @inheritdoc IReleaseFactory
    function termBounds() external pure returns (uint256, uint256, uint256, uint256) {
        return (_MIN_REVEAL_WINDOW, _MAX_REVEAL_WINDOW, _MAX_ENROL_PERIOD, _MAX_PLEDGE_PERIOD);
    }

    /// @dev Deadlines in the past or out of order are the release's to refuse ({IRelease-initialize}).
    function _checkTermBounds(IRelease.Params calldata p) private view {
        if (p.revealWindow < _MIN_REVEAL_WINDOW || p.revealWindow > _MAX_REVEAL_WINDOW) {
            revert FactoryTermOutOfBounds("revealWindow", p.revealWindow, _MIN_REVEAL_WINDOW, _MAX_REVEAL_WINDOW);
        }
        if (p.enrolDeadline > block.timestamp + _MAX_ENROL_PERIOD) {
            revert FactoryTermOutOfBounds("enrolPeriod", p.enrolDeadline - block.timestamp, 1, _MAX_ENROL_PERIOD);
        }
        if (p.pledgeDeadline > uint256(p.enrolDeadline) + _MAX_PLEDGE_PERIOD) {
            revert FactoryTermOutOfBounds("pledgePeriod", p.pledgeDeadline - p.enrolDeadline, 1, _MAX_PLEDGE_PERIOD);
        }
    }

    function _cloneSalt(address artist, bytes32 salt) private pure returns (bytes32) {
        return keccak256(abi.encode(artist, salt));
    }

    /// @dev The CREATE address of `deployer` at `nonce` (1 <= nonce <= 0x7f): keccak256(rlp([deployer, nonce])).
    function _createAddress(address deployer, uint8 nonce) private pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes2(0xd694), deployer, nonce)))));
    }
}
