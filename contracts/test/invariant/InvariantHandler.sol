// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {Vm} from "../utils/Vm.sol";
import {BlocklistToken} from "../mocks/Tokens.sol";

/**
 * @notice What every invariant handler shares: the campaign's payment token (0: ETH), balances in
 * it, paying with it, and the call counters. An action `x(args)` is an external entry that runs
 * `doX(args)` through {_run}, so the call is counted even when the action reverts (which undoes
 * only the action's own changes): a campaign whose actions keep reverting then fails its success
 * counters instead of passing as a run shorter than MIN_DEPTH (the runner's shrunk replays are).
 */
abstract contract InvariantHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice The payment token of every release of the campaign (0: ETH).
    address public token;
    /// @notice Handler calls in this run (shrunk replays are shorter than any profile's depth).
    uint256 public calls;
    /// @notice Calls whose action reverted (each action sets up what it needs, so this stays rare).
    uint256 public reverted;
    /// @notice Calls per action (by its selector) in this run, reverted ones included: the runner
    /// does not draw every action in every run, so only an action that was called must have succeeded.
    mapping(bytes4 selector => uint256) public attempts;

    modifier onlySelf() {
        require(msg.sender == address(this), "handler: only through its action");
        _;
    }

    constructor(address token_) {
        token = token_;
    }

    /// @notice `account`'s balance of `asset` (0: ETH).
    function balanceOf(address asset, address account) public view returns (uint256) {
        return asset == address(0) ? account.balance : IERC20(asset).balanceOf(account);
    }

    /// @dev Runs an action (an abi-encoded `doX` call of this handler), counting the call even if it reverts.
    function _run(bytes memory action) internal {
        ++calls;
        ++attempts[msg.sig];
        (bool ok,) = address(this).call(action);
        if (!ok) ++reverted;
    }

    /// @dev Gives `payer` `amount` to pay `to` with: the msg.value to send (ETH), or minted and
    /// approved tokens. Call it before the `vm.prank` of the payment (it makes calls of its own).
    function _fund(address payer, address to, uint256 amount) internal returns (uint256 value) {
        if (token == address(0)) {
            vm.deal(payer, payer.balance + amount);
            return amount;
        }
        BlocklistToken(token).mint(payer, amount);
        vm.prank(payer);
        IERC20(token).approve(to, amount);
        return 0;
    }

    function _sign(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        return min + x % (max - min + 1);
    }
}
