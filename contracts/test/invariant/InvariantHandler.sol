// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {Vm} from "../utils/Vm.sol";
import {FragmentTree} from "../utils/FragmentTree.sol";
import {BlocklistToken} from "../mocks/Tokens.sol";
import {IRelease} from "../../contracts/interfaces/IRelease.sol";
import {Secp256k1} from "../../contracts/libraries/Secp256k1.sol";
import {FragmentKeys} from "../../contracts/libraries/FragmentKeys.sol";

/**
 * @notice What every invariant handler shares: the campaign's payment token (0: ETH), balances in
 * it, paying with it, and the call counters. An action `x(args)` is an external entry that runs
 * `doX(args)` through {_run}, so the call is counted even when the action reverts (which undoes
 * only the action's own changes): a campaign whose actions keep reverting then fails its success
 * counters instead of passing as a run shorter than MIN_DEPTH (the runner's shrunk replays are).
 * Also the random samples every release goes through after its last enrolment (spec §4.1): every
 * release of a campaign has FRAGMENTS test fragments, SAMPLES sampled, whose keys its secret
 * derives, except in every FORGED_EVERY-th release: its artist sealed the work to keys of another
 * secret, so the samples pass and the release fails once the secret is out.
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
    /// @notice Every this many releases (by index), one has forged fragment keys.
    uint256 public constant FORGED_EVERY = 3;
    /// @dev The secret whose fragment keys a release's tree holds, by its secret address.
    mapping(address secretAddress => uint256 keySecret) private _keySecretOf;
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

    // ================================================================ random samples (spec §4.1)

    function _fragmentLeaves(uint256 keySecret) internal view returns (bytes32[] memory leaves) {
        leaves = new bytes32[](FRAGMENTS);
        bytes32 prk = FragmentKeys.extract(keySecret);
        for (uint256 e; e < FRAGMENTS; ++e) {
            leaves[e] = FragmentTree.leaf(e, vm.addr(FragmentKeys.key(prk, e)));
        }
    }

    /// @dev Sets the fragment tree of release `index` with secret `secret` and the sample count in `p`.
    function _setFragments(IRelease.Params memory p, uint256 index, uint256 secret) internal {
        uint256 keySecret = index % FORGED_EVERY == FORGED_EVERY - 1 ? secret % (Secp256k1.ORDER - 1) + 1 : secret;
        _keySecretOf[p.secretAddress] = keySecret;
        (p.fragmentRoot, p.fragmentCount, p.sampleCount) = (FragmentTree.root(_fragmentLeaves(keySecret)), FRAGMENTS, SAMPLES);
    }

    /// @dev Whether release `r`'s fragment keys are forged (not derived from its secret).
    function _forged(IRelease r) internal view returns (bool) {
        IRelease.Params memory p = r.params();
        return vm.addr(_keySecretOf[p.secretAddress]) != p.secretAddress;
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
        uint256 keySecret = _keySecretOf[r.params().secretAddress];
        bytes32 prk = FragmentKeys.extract(keySecret);
        bytes32[][] memory levels = FragmentTree.levels(_fragmentLeaves(keySecret));
        uint256[] memory keys = new uint256[](fragments.length);
        bytes32[][] memory proofs = new bytes32[][](fragments.length);
        for (uint256 j; j < fragments.length; ++j) {
            keys[j] = FragmentKeys.key(prk, fragments[j]);
            proofs[j] = FragmentTree.proofIn(levels, fragments[j]);
        }
        if (tryWrong) {
            uint256 right = keys[0];
            keys[0] = FragmentKeys.key(prk, (fragments[0] + 1) % FRAGMENTS);
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
