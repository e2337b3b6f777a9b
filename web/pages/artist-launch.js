// The artist page's launch panel: builds the launch plan from the form, runs the resumable launch
// (lib/hire/launch.js) one step at a time, saving its state after every step, and supplies what
// only the page has: packing the picked files into the browser's storage as a stream, the CAR of
// the stored archive (slices of the file, no copy), and the secret, kept as a secret file the
// artist downloads.
import { el, fill, say, progressBar, formatBytes, runStep } from '../ui/dom.js';
import { newLaunch, runLaunch } from '../lib/hire/launch.js';
import { termBounds } from '../lib/chain/create.js';
import { artistWarnings } from '../lib/format/inspection.js';
import { packArchive } from '../lib/archive/pack.js';
import { inspectArchive } from '../lib/archive/inspect.js';
import { encodeSecretFile, parseSecretFile } from '../lib/archive/secret-file.js';
import { systemRandom } from '../lib/crypto/random.js';
import { fileCar } from '../lib/ipfs/file-car.js';
import { toHex, utf8 } from '../lib/bytes.js';
import { readStored, storeComplete } from '../ui/store.js';
import { pageLink } from '../ui/settings.js';
import { parseEther } from '../vendor/viem.js';

/**
 * Seconds in a duration written as 90, 90s, 30m, 12h or 7d.
 * @param {string} text @param {string} what
 */
export function parseDuration(text, what) {
  const m = /^\s*(\d+)\s*([smhd]?)\s*$/.exec(text);
  if (!m) throw new Error(`${what} "${text}" is not a duration: write e.g. 90s, 30m, 12h or 7d`);
  return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]];
}

/** @param {string} text @param {string} what */
function eth(text, what) {
  try { return parseEther(text.trim()); } catch { throw new Error(`${what} "${text}" is not an amount of ETH: write e.g. 0.5`); }
}

/**
 * @param {{ session: any, picked: any[], groups: {threshold: number, size: number}[], terms: Record<string, {input: HTMLInputElement}>,
 *   license: HTMLTextAreaElement, bounds: HTMLElement, plan: (p: any) => Promise<void>, messages: HTMLElement }} o
 */
export function launchPanel({ session, picked, groups, terms, license, bounds, plan }) {
  const { settings } = session;
  const status = el('div', { id: 'launch-status' });
  const bar = progressBar('launch step progress');
  const lines = el('ol', { id: 'launch-log', 'aria-live': 'polite' });
  const button = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', id: 'launch-button', class: 'primary' }, 'Launch the release'));
  const secretLink = el('p', { id: 'secret-link' });
  const done = el('p', { id: 'launch-done' });
  const root = el('div', {},
    el('p', {}, 'Hires one bot per slot, packs the archive here with the release keys they offered, uploads it to each bot, creates the release with your wallet, waits for every bot to check its share and enrol, and reveals the sampled fragments\' keys. Each step is saved: if the page is closed, press Launch again with the same release name to go on.'),
    button, bar.root, status, secretLink, lines, done);

  if (session.client && settings.factory) {
    termBounds(session.client, settings.factory).then((/** @type {any} */ b) => {
      bounds.textContent = `The factory's bounds: ${Object.entries(b).map(([k, v]) => `${k} ${typeof v === 'bigint' ? v.toString() : JSON.stringify(v)}`).join(', ')}`;
    }, (e) => { bounds.textContent = `could not read the factory's bounds: ${e.message}`; });
  }

  const stateKey = () => `unveil.launch.${settings.chainId}.${settings.factory}.${terms.salt.input.value.trim()}`;

  button.addEventListener('click', () => runStep(button, status, async () => {
    if (!settings.factory) throw new Error('no factory: add &factory=0x… to the address (the demo prints a link with it)');
    const w = await session.connect();
    const saved = localStorage.getItem(stateKey());
    let state = saved ? JSON.parse(saved) : null;
    if (!state) {
      if (picked.length === 0) throw new Error('pick the files of the work first (section 1)');
      for (const p of picked) if (!p.plan) await plan(p);
      // What `unveil pack` warns about, before anything is hired or signed.
      const warnings = artistWarnings(/** @type {any} */ ({
        terms: { sampleCount: Number(terms.samples.input.value) },
        files: picked.map((p) => ({ size: p.file.size, media: p.mediaPlan ? { header: p.mediaPlan.header } : undefined,
          fragments: p.plan.map((/** @type {any} */ f, /** @type {number} */ n) => ({ size: f.size, preview: p.previews.has(n) })) })),
      }));
      if (warnings.length) {
        say(status, 'warning', `Before you launch: ${warnings.join('; ')}.`);
        if (!confirm(`Before you launch:\n\n${warnings.join('\n')}\n\nLaunch anyway?`)) return;
      }
      state = await newLaunch({
        salt: terms.salt.input.value.trim(), groups: groups.map((g) => ({ ...g })),
        goal: eth(terms.goal.input.value, 'the goal'), artistFee: eth(terms.artistFee.input.value, 'your fee'), deposit: eth(terms.deposit.input.value, 'the deposit'),
        enrolPeriod: parseDuration(terms.enrol.input.value, 'the enrolment period'), pledgePeriod: parseDuration(terms.pledge.input.value, 'the pledge period'),
        revealWindow: parseDuration(terms.reveal.input.value, 'the reveal window'), samples: Number(terms.samples.input.value),
      }, { client: session.client, wallet: w.client, factory: settings.factory });
      localStorage.setItem(stateKey(), JSON.stringify(state));
    } else {
      say(status, 'info', `Resuming the launch of ${state.release} at its "${state.phase}" step.`);
    }
    const archiveName = `${state.release}.tar`, secretName = `${state.release}.secret`;
    /** @type {{ manifest?: any }} */
    const cache = {};
    const deps = {
      client: session.client, wallet: w.client, provider: w.wallet.provider,
      /** @param {any} request */
      async pack(request) {
        if (picked.length === 0) throw new Error('the launch is at its packing step: pick the same files again (section 1), then press Launch');
        if (await readStored('releases', secretName)) throw new Error(`a secret for ${state.release} is stored already: this release was packed before; it is never packed over`);
        for (const p of picked) if (!p.plan) await plan(p);
        // One pass: OPFS can seek, so the manifest (known only once everything is encrypted) is
        // written over its placeholder at the end, as Java does; the inputs are read once.
        const total = picked.reduce((n, p) => n + p.file.size, 0);
        const { stream, result } = packArchive({
          files: picked.map((p) => ({ path: p.path, mediaType: p.mediaType, size: p.file.size, source: () => p.file,
            cut: p.mediaPlan ?? (p.cut === 'bytes' ? { bytes: p.plan[0]?.size || p.file.size } : 'whole'), previews: [...p.previews] })),
          groups: request.groups, terms: request.terms, license: license.value, random: systemRandom(), onePass: true,
          onProgress: (d, _t, phase) => bar.update(d, total, `packing (${phase}): ${formatBytes(d)} of ${formatBytes(total)}`),
        });
        const file = await storeComplete('releases', archiveName, /** @type {any} */ (stream),
          async () => { const r = await result; return { position: r.manifestOffset, data: r.manifestBytes }; });
        const r = await result;
        // The secret s goes to a file before anything else: without it a vanished group cannot be replaced.
        await storeComplete('releases', secretName, [utf8(encodeSecretFile(r.secret, r.manifestHash))]);
        r.secret.fill(0);
        offerSecret(secretName);
        bar.update(0, 1, 'computing the archive\'s CID');
        const { cid } = await fileCar(file);
        cache.manifest = r.manifest;
        bar.finish(`packed ${formatBytes(file.size)}: ${cid}`);
        return { cid: cid.toString(), cidBytes: `0x${toHex(cid.bytes)}`, manifestHash: r.manifestHash, fragmentRoot: r.fragmentRoot, fragmentCount: r.fragmentCount, archiveBytes: r.archiveSize };
      },
      async manifest() {
        if (!cache.manifest) cache.manifest = (await inspectArchive(await stored(archiveName), { manifestOnly: true })).manifest;
        return cache.manifest;
      },
      async car() { return (await fileCar(await stored(archiveName))).car; },
      async secret() { return parseSecretFile(await (await stored(secretName)).text()).secret; },
      onProgress: (/** @type {string} */ what, /** @type {number} */ d, /** @type {number} */ t) => bar.update(d, t, `${what}: ${formatBytes(d)} of ${formatBytes(t)}`),
    };
    if (await readStored('releases', secretName)) offerSecret(secretName);
    state = await runLaunch(state, deps, {
      save: (s) => localStorage.setItem(stateKey(), JSON.stringify(s)),
      onLine: (line) => lines.append(el('li', {}, line)),
    });
    const fan = pageLink('fan.html', { chain: settings.chainId, rpc: settings.rpc, gateway: settings.gateways, release: state.release });
    fill(done, 'The release is open for pledges. Send fans this link: ', el('a', { href: fan, id: 'fan-link' }, fan));
    say(status, 'ok', `Release ${state.release} is Open.`);
  }));

  /** @param {string} name */
  async function offerSecret(name) {
    const f = await readStored('releases', name);
    if (!f) return;
    fill(secretLink, 'Your release secret: ', el('a', { href: URL.createObjectURL(f), download: name, id: 'secret-download' }, `save ${name}`),
      ' and keep it safe (it lets you finish the release if keyholders vanish, and decrypts everything).');
  }
  return root;
}

/** @param {string} name */
async function stored(name) {
  const f = await readStored('releases', name);
  if (!f) throw new Error(`${name} is not in this browser's storage any more: the launch cannot go on here; start a new release`);
  return f;
}
