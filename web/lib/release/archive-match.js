// Whether an inspected archive is the one a release contract names, check by check (the Java
// reference's ArchiveMatch): the same comparisons serve a keyholder, which refuses at the first
// mismatch, and a fan, who is shown them all. Each check is passed or not, with its sentence.
import { keccak_256 } from '../../vendor/noble.js';
import { concat, fromHex, toHex } from '../bytes.js';
import { commitmentsHash, shareAddresses } from '../crypto/vss.js';
import { addr, instant, isoDuration, list } from './_words.js';

/**
 * One comparison; `passed === false` is a reason to distrust the archive or the release.
 * @typedef {{ passed: boolean, reason: string }} Check
 */

/**
 * The release's `params()` as viem reads them (IRelease.Params).
 * @typedef {{ token: string, goal: bigint, deposit: bigint, keyholderFee: bigint, enrolDeadline: number|bigint, pledgeDeadline: number|bigint,
 *   revealWindow: number|bigint, secretAddress: string, manifestHash: string, commitmentsHash: string, archiveCid: string,
 *   groupThresholds: readonly (number|bigint)[], groupSizes: readonly (number|bigint)[], releaseKeys: readonly string[], shareAddresses: readonly string[],
 *   fragmentRoot: string, fragmentCount: number|bigint, sampleCount: number|bigint }} ReleaseParams
 */

/**
 * Every comparison of the archive with the release: manifest hash, chain and address, secret
 * address, terms, fragment tree, commitments hash, groups, and each slot's share address and
 * release key.
 * @param {import('../archive/inspect.js').Inspection} inspection the archive, inspected
 * @param {ReleaseParams} params the release's `params()`
 * @param {number} chainId the chain the release is on
 * @param {string} release the release's address
 * @param {bigint} artistFee the release's `artistFee()`, compared with the manifest's
 * @returns {Check[]}
 */
export function archiveChecks(inspection, params, chainId, release, artistFee) {
  if (!inspection?.manifest) throw new TypeError('an inspected archive (inspectArchive) is required');
  if (!params?.manifestHash) throw new TypeError("the release's params() are required");
  const m = inspection.manifest, t = m.terms, out = [];
  const onChain = strip(params.manifestHash);
  out.push(inspection.manifestHash.toLowerCase() === onChain
    ? ok(`the archive's manifest hash ${onChain} is the one the release commits to`)
    : bad(`the release commits to manifest ${onChain} but the archive has manifest ${inspection.manifestHash}: wrong archive`));
  out.push(t.chainId === chainId && addr(t.release) === addr(release)
    ? ok(`the archive was packed for this release on chain ${chainId}`)
    : bad(`the archive was packed for release ${t.release} on chain ${t.chainId}, not ${addr(release)} on chain ${chainId}`));
  out.push(addr(params.secretAddress) === addr(m.secret.address)
    ? ok(`the release's secret address is the manifest's S (${m.secret.address})`)
    : bad(`the release's secret address ${addr(params.secretAddress)} is not the manifest's S (${m.secret.address}): a secret recovered on chain would not decrypt this archive`));
  out.push(terms(t, params, artistFee));
  out.push(fragments(inspection, params));
  out.push(...shares(m, params));
  return out;
}

/**
 * @param {import('../format/manifest.js').Terms} t
 * @param {ReleaseParams} p
 * @param {bigint} artistFee
 * @returns {Check}
 */
function terms(t, p, artistFee) {
  const differ = [];
  if (addr(t.token) !== addr(p.token)) differ.push(`token ${addr(p.token)} (manifest ${t.token})`);
  if (BigInt(t.goal) !== BigInt(p.goal)) differ.push(`goal ${p.goal} (manifest ${t.goal})`);
  if (BigInt(t.artistFee) !== BigInt(artistFee)) differ.push(`artist fee ${artistFee} (manifest ${t.artistFee})`);
  if (t.enrolDeadline !== Number(p.enrolDeadline)) differ.push(`enrolment deadline ${instant(p.enrolDeadline)} (manifest ${instant(t.enrolDeadline)})`);
  if (t.pledgeDeadline !== Number(p.pledgeDeadline)) differ.push(`pledge deadline ${instant(p.pledgeDeadline)} (manifest ${instant(t.pledgeDeadline)})`);
  if (t.revealWindow !== Number(p.revealWindow)) differ.push(`reveal window ${isoDuration(p.revealWindow)} (manifest ${isoDuration(t.revealWindow)})`);
  return differ.length === 0 ? ok("the contract's terms (token, goal, artist fee, deadlines, reveal window) are the manifest's")
    : bad(`the contract's terms differ from the manifest's: ${differ.join(', ')}`);
}

/**
 * The release samples this archive's fragment tree, as many samples as the manifest's terms say.
 * @param {import('../archive/inspect.js').Inspection} insp
 * @param {ReleaseParams} p
 * @returns {Check}
 */
function fragments(insp, p) {
  const count = Number(p.fragmentCount), root = strip(p.fragmentRoot), treeRoot = strip(insp.fragmentRoot);
  if (treeRoot !== root || insp.fragmentCount !== count) {
    return bad(`the release samples a fragment tree of ${count} fragments with root 0x${root}, but the archive's ${insp.fragmentCount} encrypted fragments give root 0x${treeRoot}: wrong archive`);
  }
  if (insp.manifest.terms.sampleCount !== Number(p.sampleCount)) {
    return bad(`the release samples ${p.sampleCount} fragments, the manifest says ${insp.manifest.terms.sampleCount}`);
  }
  return ok(`the release samples ${Math.min(Number(p.sampleCount), count)} of the archive's ${count} encrypted fragments, from its fragment tree`);
}

/**
 * @param {import('../format/manifest.js').Manifest} m
 * @param {ReleaseParams} p
 * @returns {Check[]}
 */
function shares(m, p) {
  const out = [];
  const all = m.groups.map((g) => g.commitments);
  out.push(commitmentsHash(all) === '0x' + strip(p.commitmentsHash)
    ? ok("the archive's Feldman commitments hash to the release's commitmentsHash")
    : bad("the archive's Feldman commitments do not hash to the release's commitmentsHash"));
  const thresholds = m.groups.map((g) => g.threshold), sizes = m.groups.map((g) => g.shares.length);
  const pt = Array.from(p.groupThresholds, Number), ps = Array.from(p.groupSizes, Number);
  if (list(thresholds) !== list(pt) || list(sizes) !== list(ps)) {
    out.push(bad(`the release's groups (thresholds ${list(pt)}, sizes ${list(ps)}) are not the archive's (thresholds ${list(thresholds)}, sizes ${list(sizes)})`));
    return out;
  }
  const expected = [], keys = [];
  m.groups.forEach((g, i) => {
    expected.push(...shareAddresses(all[i], sizes[i]));
    for (const s of g.shares) keys.push(s.address);
  });
  let allMatch = true;
  for (let i = 0; i < expected.length; i++) {
    const onChainShare = addr(p.shareAddresses[i] ?? ''), onChainKey = addr(p.releaseKeys[i] ?? '');
    if (expected[i] !== onChainShare) {
      allMatch = false;
      out.push(bad(`slot ${i}'s share address on chain is ${onChainShare} but the archive's commitments give ${expected[i]}: its group could never release on chain`));
    }
    if (addr(keys[i]) !== onChainKey) {
      allMatch = false;
      out.push(bad(`slot ${i}'s release key on chain is ${onChainKey} but the archive seals its share to ${keys[i]}`));
    }
  }
  if (allMatch) out.push(ok(`every slot's share address and release key on chain are the archive's (${expected.length} slots)`));
  return out;
}

/** @param {string} hex @returns {string} lower-case, without 0x */
function strip(hex) {
  return String(hex).toLowerCase().replace(/^0x/, '');
}

/** @param {string} reason @returns {Check} */
function ok(reason) {
  return { passed: true, reason };
}

/** @param {string} reason @returns {Check} */
function bad(reason) {
  return { passed: false, reason };
}
