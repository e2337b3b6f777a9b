// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IRelease} from "./IRelease.sol";

/**
 * @title IReleaseFactory
 * @notice Deploys every {IRelease} as an EIP-1167 clone of one implementation at a CREATE2
 * address predictable from the artist and a salt of its choice, and initialises it in the same
 * transaction. It deploys the implementation, the {IKeyholderRegistry} and the {IReleaseKeeper}
 * (the releases' automation adapter) in its constructor and keeps the allow-list of ERC-20
 * payment tokens (ETH is always allowed).
 *
 * The allow-list is administered by an owner (two-step transfer, renounceable): listing a token
 * only affects releases created afterwards; a release keeps the token it was created with.
 */
interface IReleaseFactory {
    // ---------------------------------------------------------------- errors

    /// @dev `token` is not on the allow-list.
    error FactoryTokenNotAllowed(address token);
    /// @dev `token` is not a contract (an allow-listed token must have code).
    error FactoryTokenHasNoCode(address token);
    /// @dev The views contract given to the constructor, `views`, has no code.
    error FactoryViewsHaveNoCode(address views);
    /// @dev The term `term` (revealWindow, enrolPeriod: enrolDeadline - now, or pledgePeriod:
    /// pledgeDeadline - enrolDeadline) is `value` seconds, outside [`min`, `max`] (see {termBounds}).
    error FactoryTermOutOfBounds(string term, uint256 value, uint256 min, uint256 max);

    // ---------------------------------------------------------------- events

    /// @notice `artist` created `release` with `salt` (the user salt, not the CREATE2 salt).
    event ReleaseCreated(address indexed release, address indexed artist, bytes32 indexed salt);
    /// @notice `token` was added to (`allowed`) or removed from the allow-list.
    event TokenAllowed(address indexed token, bool allowed);

    // ---------------------------------------------------------------- functions

    /**
     * @notice Deploys and initialises a release for the caller (the artist).
     * Requirements:
     * - `params.token` is zero (ETH) or allow-listed;
     * - the reveal window and the enrolment and pledge periods are within {termBounds};
     * - no release exists yet for (caller, `salt`);
     * - `params` are valid (see {IRelease-initialize}).
     * Emits a {ReleaseCreated} event and the release's {IRelease-ReleaseInitialized} event.
     * @return release the address, equal to `predictAddress(msg.sender, salt)`
     */
    function createRelease(IRelease.Params calldata params, bytes32 salt) external returns (address release);

    /**
     * @notice Adds `token` to or removes it from the allow-list.
     * Requirements: the caller is the owner; `token` has code when allowed.
     * Emits a {TokenAllowed} event.
     */
    function setTokenAllowed(address token, bool allowed) external;

    /// @notice The address `createRelease(params, salt)` called by `artist` deploys to.
    function predictAddress(address artist, bytes32 salt) external view returns (address);

    /// @notice Whether `account` is an initialised release created by this factory.
    function isRelease(address account) external view returns (bool);

    /// @notice Whether `token` may be used as payment token (always true for address(0), ETH).
    function isTokenAllowed(address token) external view returns (bool);

    /// @notice The release implementation every clone delegates to (it cannot be initialised).
    function implementation() external view returns (address);

    /// @notice The {ReleaseViews} the implementation delegates its views to (deployed before the factory).
    function views() external view returns (address);

    /// @notice The keyholder registry deployed by this factory.
    function registry() external view returns (address);

    /// @notice The automation adapter ({IReleaseKeeper}) of this factory's releases: Chainlink
    /// Automation and Gelato perform their time-driven steps through it.
    function keeper() external view returns (address);

    /**
     * @notice The bounds every release's times must keep (spec §2): a reveal window long enough for
     * keyholders to see the funding and publish (a shorter one lets an artist that funds its own
     * release take every deposit), and no deadline that locks deposits or pledges for years.
     * @return minRevealWindow shortest reveal window, in seconds
     * @return maxRevealWindow longest reveal window, in seconds
     * @return maxEnrolPeriod longest time from creation to the enrolment deadline, in seconds
     * @return maxPledgePeriod longest time from the enrolment deadline to the pledge deadline, in seconds
     */
    function termBounds()
        external
        pure
        returns (uint256 minRevealWindow, uint256 maxRevealWindow, uint256 maxEnrolPeriod, uint256 maxPledgePeriod);

    /// @notice Share of every funded goal paid to the registry's reputation fund, in basis points.
    function reputationBps() external view returns (uint256);
}
