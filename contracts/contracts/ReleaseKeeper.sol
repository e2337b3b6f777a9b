// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IRelease} from "./interfaces/IRelease.sol";
import {IReleaseFactory} from "./interfaces/IReleaseFactory.sol";
import {IReleaseKeeper} from "./interfaces/IReleaseKeeper.sol";

/**
 * @title ReleaseKeeper
 * @notice See {IReleaseKeeper}. Deployed once by the factory; stateless. A step is read from the
 * release's own {IRelease-summary}, so the keeper and the release can never disagree on what is
 * due: the release checks every step again when the keeper performs it.
 */
contract ReleaseKeeper is IReleaseKeeper {
    IReleaseFactory private immutable _FACTORY;

    /// @param factory_ the factory whose releases this keeper serves
    constructor(IReleaseFactory factory_) {
        _FACTORY = factory_;
    }

    /// @inheritdoc IReleaseKeeper
    function factory() external view returns (address) {
        return address(_FACTORY);
    }

    /// @inheritdoc IReleaseKeeper
    function dueStep(address release) public view returns (Step) {
        if (!_FACTORY.isRelease(release)) revert KeeperNotARelease(release);
        IRelease.Summary memory s = IRelease(release).summary();
        if (s.state == IRelease.State.Enrolling && block.timestamp >= s.enrolDeadline) return Step.Cancel;
        if (s.state == IRelease.State.Sampling) return _samplingStep(IRelease(release));
        if (s.state == IRelease.State.Open && block.timestamp >= s.pledgeDeadline) return Step.Expire;
        if (
            (s.state == IRelease.State.Funded || s.state == IRelease.State.Released)
                && block.timestamp >= s.revealDeadline
        ) return Step.Settle;
        return Step.None;
    }

    /// @dev Drawing the samples as soon as the beacon is mined keeps the artist's whole window to reveal;
    /// a lost beacon or overdue keys cancel (spec §4.1).
    function _samplingStep(IRelease release) private view returns (Step) {
        (uint256 beacon,, uint256 revealBy,) = release.samples();
        if (revealBy != 0) return block.timestamp >= revealBy ? Step.Cancel : Step.None;
        if (block.number <= beacon) return Step.None;
        return block.number <= beacon + 256 ? Step.DrawSamples : Step.Cancel;
    }

    /// @inheritdoc IReleaseKeeper
    function checkUpkeep(bytes calldata checkData) external view returns (bool upkeepNeeded, bytes memory performData) {
        address release = abi.decode(checkData, (address));
        Step step = dueStep(release);
        return (step != Step.None, abi.encode(release, step));
    }

    /// @inheritdoc IReleaseKeeper
    function performUpkeep(bytes calldata performData) external {
        (address release, Step step) = abi.decode(performData, (address, Step));
        if (step == Step.None || step != dueStep(release)) revert KeeperUpkeepNotNeeded(release, step);
        if (step == Step.Cancel) IRelease(release).cancel();
        else if (step == Step.Expire) IRelease(release).expire();
        else if (step == Step.Settle) IRelease(release).settle();
        else IRelease(release).drawSamples();
    }

    /// @inheritdoc IReleaseKeeper
    function checker(address release) external view returns (bool canExec, bytes memory execPayload) {
        Step step = dueStep(release);
        return (step != Step.None, abi.encodeCall(IReleaseKeeper.performUpkeep, (abi.encode(release, step))));
    }
}
