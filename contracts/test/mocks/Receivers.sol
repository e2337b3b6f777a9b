// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IRelease} from "../../contracts/interfaces/IRelease.sol";

/// @notice A fan contract that tries to claim its refund again from inside the payment.
contract ReentrantFan {
    IRelease public immutable release;
    uint256 public reentryAttempts;
    bool public reentrySucceeded;

    constructor(IRelease release_) {
        release = release_;
    }

    function pledge(uint256 amount) external payable {
        release.pledge{value: amount}(amount);
    }

    function claim() external {
        release.claimRefund();
    }

    receive() external payable {
        ++reentryAttempts;
        // Any success here would be a double payment; the guard must make it revert.
        (bool ok,) = address(release).call(abi.encodeCall(IRelease.claimRefund, ()));
        if (ok) reentrySucceeded = true;
    }
}

/// @notice A fan contract that reverts on every ETH it receives.
contract RevertingFan {
    IRelease public immutable release;

    constructor(IRelease release_) {
        release = release_;
    }

    function pledge(uint256 amount) external payable {
        release.pledge{value: amount}(amount);
    }

    function claim() external {
        release.claimRefund();
    }

    receive() external payable {
        revert("no ETH, thanks");
    }
}

/// @notice Answers every ETH payment with 1 MiB of return data, to make a careless caller copy it.
contract ReturnBombFan {
    IRelease public immutable release;

    constructor(IRelease release_) {
        release = release_;
    }

    function pledge(uint256 amount) external payable {
        release.pledge{value: amount}(amount);
    }

    function claim() external {
        release.claimRefund();
    }

    receive() external payable {
        assembly {
            return(0, 1048576)
        }
    }
}

/// @notice Forces ETH into `target` with SELFDESTRUCT (still moves ETH after EIP-6780).
contract ForceSender {
    constructor(address payable target) payable {
        selfdestruct(target);
    }
}

/// @notice A payee that rejects ETH while `rejecting` is set, and acts (withdraws a credit) through {act}.
contract TogglingPayee {
    bool public rejecting = true;

    function setRejecting(bool rejecting_) external {
        rejecting = rejecting_;
    }

    /// @notice Calls `target` with `data` as this contract (bubbling up a revert).
    function act(address target, bytes calldata data) external returns (bytes memory result) {
        bool ok;
        (ok, result) = target.call(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
    }

    receive() external payable {
        if (rejecting) revert("no ETH now");
    }
}
