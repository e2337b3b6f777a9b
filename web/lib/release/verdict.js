// What a fan learns about a release before paying (the Java reference's Fan.verify and
// Fan.samples): the archive fetched by the CID the contract records is compared with the contract,
// the chain's samples decrypt to what the manifest says, there are previews, and the keyholders
// stand in the registry. The page fetches and inspects the archive and decrypts the samples with
// the archive layer; this module turns what they found, and the chain, into findings.
import { releaseEvents } from '../chain/release.js';
import { archiveChecks } from './archive-match.js';
import { keyholderStanding, ok, warning, suspect } from './standing.js';
import { cidText } from './_cid.js';
import { human, instant, list } from './_words.js';

/**
 * One sampled fragment as the page checked it: decrypted with the key revealed on chain and
 * compared with the manifest (`passed`), `where` it lies ("song.mp3, bytes 0..1000", or "not in
 * this archive"), and when it failed, `reason` (the archive layer's message).
 * @typedef {{ e: number, passed: boolean, where: string, reason?: string }} SampleCheck
 */

/**
 * @typedef {object} Verdict
 * @property {string} release the release's address
 * @property {string} cid the archive's CID as the contract records it (text), or its hex when it is no CID
 * @property {boolean} ok no finding is suspect
 * @property {import('./standing.js').Finding[]} findings every check made, in order
 * @property {import('./standing.js').Finding[]} suspects the reasons to distrust the release
 */

/**
 * The fragments the chain sampled and the keys the artist revealed for them (the last
 * SamplesRevealed event), or null before they are revealed: what the page decrypts.
 * @param {any} client @param {string} address
 * @returns {Promise<{ fragments: number[], keys: bigint[] } | null>}
 */
export async function revealedSamples(client, address) {
  let found = null;
  for (const e of await releaseEvents(client, address)) {
    if (e.eventName === 'SamplesRevealed') {
      const a = /** @type {any} */ (e.args);
      found = { fragments: a.fragments.map(Number), keys: [...a.keys] };
    }
  }
  return found;
}

/**
 * Checks a release before pledging.
 * @param {object} o
 * @param {any} o.client viem public client
 * @param {Awaited<ReturnType<typeof import('../chain/release.js').readRelease>>} o.release from readRelease
 * @param {import('../archive/inspect.js').Inspection | Error} o.inspection the archive fetched by its CID and inspected, or the error inspecting it threw (malformed or tampered with)
 * @param {SampleCheck[]} [o.sampleChecks] the revealed samples as the page decrypted them
 * @param {string} [o.factory] the factory the fan trusts; default the one the manifest names (checked to have created this release)
 * @param {string} [o.gateway] where the archive came from, for the finding
 * @returns {Promise<Verdict>}
 */
export async function verdict({ client, release, inspection, sampleChecks, factory, gateway }) {
  if (!client) throw new TypeError('a chain client is required');
  if (!release?.params) throw new TypeError('a release read with readRelease is required');
  if (!inspection) throw new TypeError('the inspected archive (or the error inspecting it) is required');
  const p = release.params;
  /** @type {import('./standing.js').Finding[]} */
  const findings = [];
  const done = (/** @type {string} */ cid) => ({ release: release.address, cid, ok: !findings.some((f) => f.severity === 'suspect'), findings, suspects: findings.filter((f) => f.severity === 'suspect') });
  const cid = cidText(p.archiveCid);
  if (cid === null) {
    findings.push(suspect(`the release records archive ${p.archiveCid}, which is not a CID: nobody can fetch the work`));
    return done(String(p.archiveCid));
  }
  const state = release.state;
  findings.push(state === 'Open' ? ok('the release is Open: it takes pledges') : warning(`the release is ${state}: it takes pledges only while Open`));
  // The longest a pledge can wait: funded at the last moment, the release settles one reveal window
  // later; unfunded, it fails at the pledge deadline (the factory bounds both, spec section 2).
  findings.push(ok(`a pledge is either refunded or the work released by ${instant(Number(p.pledgeDeadline) + Number(p.revealWindow))} at the latest `
    + `(the pledge deadline ${instant(p.pledgeDeadline)} plus the ${human(p.revealWindow)} reveal window)`));
  if (inspection instanceof Error) {
    findings.push(suspect(`the archive at ${cid} is malformed or tampered with: ${inspection.message}`));
    return done(cid);
  }
  findings.push(ok(`the archive ${cid} was fetched from ${gateway ?? '?'} with every block verified, and its structure and fragment hashes check out`));
  for (const c of archiveChecks(inspection, p, release.chainId, release.address, release.artistFee)) findings.push(c.passed ? ok(c.reason) : suspect(c.reason));
  findings.push(...await samples(client, release, sampleChecks));
  if (inspection.suspects.length === 0) findings.push(ok(`previews: ${inspection.previewBytes} of ${inspection.totalBytes} bytes can be checked before release`));
  for (const s of inspection.suspects) findings.push(suspect(s.file ? `${s.file}: ${s.reason}` : s.reason));
  const trusted = factory ?? inspection.manifest.terms.factory;
  findings.push(...await keyholderStanding(client, trusted, factory == null, release));
  return done(cid);
}

/**
 * What the chain's samples say, by state: not drawn yet, drawn but not revealed, revealed and
 * checked one by one.
 * @param {any} client
 * @param {{ address: string, state: string, samples: { fragments: number[] } }} release
 * @param {SampleCheck[]|undefined} checks
 */
async function samples(client, release, checks) {
  if (release.state === 'Enrolling') {
    return [warning('the chain has not sampled this release yet: it samples fragments once every keyholder has enrolled,'
      + ' and pledging opens only once their keys are revealed')];
  }
  if (release.state === 'Sampling') {
    const drawn = release.samples.fragments;
    return [warning(`${drawn.length === 0 ? 'the chain is about to sample fragments' : `the chain sampled encrypted fragments ${list(drawn)}`}`
      + ', whose keys are not revealed yet: pledging opens once they are; verify again then')];
  }
  const revealed = await revealedSamples(client, release.address);
  if (revealed === null) {
    return [release.state === 'Cancelled' ? warning('the release was cancelled before its samples were revealed')
      : suspect(`the release is ${release.state} but no sample keys were ever revealed on chain`)];
  }
  const out = [];
  const byFragment = new Map((checks ?? []).map((c) => [c.e, c]));
  for (const e of revealed.fragments) {
    const c = byFragment.get(e);
    if (!c) {
      out.push(warning(`sample: encrypted fragment ${e} was revealed on chain but not checked here: decrypt it with its revealed key before pledging`));
    } else if (c.passed) {
      out.push(ok(`sample: encrypted fragment ${e} (${c.where}) decrypts with the key revealed on chain and matches the manifest's hash`));
    } else {
      out.push(suspect(`sample: encrypted fragment ${e} does not hold what the manifest says (${c.reason ?? 'no reason given'}): the archive may be a brick behind genuine previews`));
    }
  }
  return out;
}
