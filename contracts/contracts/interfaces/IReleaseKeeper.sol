// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/**
 * @title IReleaseKeeper
 * @notice The automation adapter of every release of one {IReleaseFactory} (spec §10): Chainlink
 * Automation ({checkUpkeep}/{performUpkeep}) and Gelato ({checker}) call it, and it performs a
 * release's due time-driven step through the release's own permissionless {IRelease-cancel},
 * {IRelease-expire} or {IRelease-settle}. It holds nothing and has no privilege: anything it does,
 * any account can do directly. It lives outside the release so that the release's code stays
 * under EIP-170's 24,576 bytes (spec §12).
 */
interface IReleaseKeeper {
    /// @notice The time-driven, permissionless steps automation may perform.
    enum Step {
        None,
        Cancel, // Enrolling and block.timestamp >= enrolDeadline; or Sampling and the samples' keys are overdue or the beacon lost
        Expire, // Open and block.timestamp >= pledgeDeadline
        Settle, // Funded or Released and block.timestamp >= revealDeadline
        DrawSamples // Sampling, not drawn, beaconBlock < block.number <= beaconBlock + 256 (appended: the others keep their numbers)
    }

    /// @dev `release` is not a release of this keeper's factory.
    error KeeperNotARelease(address release);
    /// @dev performUpkeep was asked to perform `step` on `release`, which is not due (or not its next step).
    error KeeperUpkeepNotNeeded(address release, Step step);

    /// @notice The factory whose releases this keeper serves.
    function factory() external view returns (address);

    /// @notice The step due on `release` now (None if nothing is due).
    /// Requirements: `release` is a release of the factory.
    function dueStep(address release) external view returns (Step);

    /**
     * @notice Chainlink Automation: whether a step is due on the release `checkData` encodes
     * (`abi.encode(release)`, the upkeep's check data), and the performData that performs it
     * (`abi.encode(release, step)`).
     */
    function checkUpkeep(bytes calldata checkData) external view returns (bool upkeepNeeded, bytes memory performData);

    /**
     * @notice Performs the step `performData` (`abi.encode(release, step)`) names. Anyone may call it.
     * Requirements: `release` is a release of the factory and `step` is due on it now.
     * Emits the release's {IRelease-StateChanged} event (and, on settlement, {IRelease-FanPoolIncreased}).
     */
    function performUpkeep(bytes calldata performData) external;

    /// @notice Gelato: whether a step is due on `release`, and the call data (performUpkeep) that performs it.
    function checker(address release) external view returns (bool canExec, bytes memory execPayload);
}
