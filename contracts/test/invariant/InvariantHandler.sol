// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {Vm} from "../utils/Vm.sol";
import {FragmentTree} from "../utils/FragmentTree.sol";
import {BlocklistToken} from "../mocks/Tokens.sol";
import {IRelease} from "../../contracts/interfaces/IRelease.sol";
import {Secp256k1} from "../../contracts/libraries/Secp256k1.sol";

/**
 * @notice What every invariant handler shares: the campaign's payment token (0: ETH), balances in
 * it, paying with it, and the call counters. An action `x(args)` is an external entry that runs
 * `doX(args)` through {_run}, so the call is counted even when the action reverts (which undoes
 * only the action's own changes): a campaign whose actions keep reverting then fails its success
 * counters instead of passing as a run shorter than MIN_DEPTH (the runner's shrunk replays are).
 * Also the random samples every release goes through after its last enrolment (spec §4.1): every
 * release of a campaign has FRAGMENTS test fragments, keys `_fragmentKey(e)`, SAMPLES sampled.
 */
abstract contract InvariantHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice Fragments per release archive, and samples drawn of them (spec §4.1).
    uint32 public constant FRAGMENTS = 8;
    uint8 public constant SAMPLES = 3;
    /// @dev blockhash reads this many blocks back: a beacon not drawn within them is lost.
    uint256 private constant _BLOCKHASH_HORIZON = 256;

    /// @notice The payment token of every release of the campaign (0: ETH).
    address public token;
    /// @notice The fragment tree root of every release of the campaign (one test archive's tree).
    bytes32 public fragmentRoot;
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
        fragmentRoot = FragmentTree.root(_fragmentLeaves());
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

    // ================================================================ random samples (spec §4.1)

    /// @dev The key k_e of encrypted fragment `e` of the test archive (any scalar in [1, n-1]).
    function _fragmentKey(uint256 e) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode("fragment key", e))) % (Secp256k1.ORDER - 1) + 1;
    }

    function _fragmentLeaves() internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](FRAGMENTS);
        for (uint256 e; e < FRAGMENTS; ++e) {
            leaves[e] = FragmentTree.leaf(e, vm.addr(_fragmentKey(e)));
        }
    }

    /// @dev Sets the campaign's fragment tree and sample count in `p`.
    function _setFragments(IRelease.Params memory p) internal view {
        (p.fragmentRoot, p.fragmentCount, p.sampleCount) = (fragmentRoot, FRAGMENTS, SAMPLES);
    }

    /// @dev In Sampling, samples not drawn yet, beacon still readable (mined or not).
    function _canDraw(IRelease r) internal view returns (bool) {
        if (r.state() != IRelease.State.Sampling) return false;
        (uint256 beacon,, uint256 revealBy,) = r.samples();
        return revealBy == 0 && block.number <= beacon + _BLOCKHASH_HORIZON;
    }

    /// @dev In Sampling, samples drawn, keys not overdue.
    function _canRevealSamples(IRelease r) internal view returns (bool) {
        if (r.state() != IRelease.State.Sampling) return false;
        (,, uint256 revealBy,) = r.samples();
        return revealBy != 0 && block.timestamp < revealBy;
    }

    function _inSampling(IRelease r) internal view returns (bool) {
        return r.state() == IRelease.State.Sampling;
    }

    /// @dev Draws the samples of `r` (for which {_canDraw} holds), past its beacon block first.
    function _draw(IRelease r) internal {
        (uint256 beacon,,,) = r.samples();
        if (block.number <= beacon) vm.roll(beacon + 1);
        r.drawSamples();
    }

    /// @dev Reveals the keys of the drawn samples of `r`, which opens it. Returns whether a key of
    /// another fragment (tried first when `tryWrong`) was wrongly accepted.
    function _revealSamples(IRelease r, bool tryWrong) internal returns (bool wrongAccepted) {
        (,,, uint256[] memory fragments) = r.samples();
        bytes32[][] memory levels = FragmentTree.levels(_fragmentLeaves());
        uint256[] memory keys = new uint256[](fragments.length);
        bytes32[][] memory proofs = new bytes32[][](fragments.length);
        for (uint256 j; j < fragments.length; ++j) {
            keys[j] = _fragmentKey(fragments[j]);
            proofs[j] = FragmentTree.proofIn(levels, fragments[j]);
        }
        if (tryWrong) {
            uint256 right = keys[0];
            keys[0] = _fragmentKey((fragments[0] + 1) % FRAGMENTS);
            try r.revealSamples(keys, proofs) {
                return true;
            } catch {}
            keys[0] = right;
        }
        r.revealSamples(keys, proofs);
    }

    /// @dev Lets the sampling of `r` lapse: past `revealBy` if drawn, else past the beacon's horizon.
    function _lapseSampling(IRelease r) internal {
        (uint256 beacon,, uint256 revealBy,) = r.samples();
        if (revealBy != 0) {
            if (block.timestamp < revealBy) vm.warp(revealBy);
        } else if (block.number <= beacon + _BLOCKHASH_HORIZON) {
            vm.roll(beacon + _BLOCKHASH_HORIZON + 1);
        }
    }
}
