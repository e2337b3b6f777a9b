// The artist's page: pick the files (drag and drop), choose how each is cut and which fragments
// are previews (listening to them before anything is packed), choose groups and terms within the
// factory's bounds, see the registry's bots, and launch: hire, pack in the browser as a stream,
// upload to the bots, create the release with the wallet, commit, watch enrolments, reveal the
// samples. Every step of the launch is saved, so a reload resumes where it stopped.
import { startPage } from '../ui/chrome.js';
import { el, fill, say, progressBar, formatBytes, formatEth, runStep } from '../ui/dom.js';
import { planByteCut, planWhole, parseByteSize } from '../lib/format/fragments.js';
import { mediaTypeForPath } from '../lib/format/mediatypes.js';
import { cutMedia, mediaFragments } from '../lib/format/cutters.js';
import { listKeyholders, registryOf } from '../lib/chain/registry.js';
import { blobChunks } from '../lib/bytes.js';
import { launchPanel } from './artist-launch.js';

const session = await startPage('Release a work');
const { settings, main, messages } = session;

/**
 * @typedef {{ file: File, path: string, mediaType: string, cut: string, every: string,
 *   plan: any[]|null, mediaPlan: any, previews: Set<number> }} Picked
 * cut: 'whole', 'bytes', or a media cutter's name (mp3, flac, ogg, ts, fmp4)
 */
/** @type {Picked[]} */
const picked = [];
/** @type {{threshold: number, size: number}[]} */
const groups = [{ threshold: 2, size: 3 }, { threshold: 3, size: 5 }];

const filesSection = el('section', { id: 'files', 'aria-labelledby': 'h-files' }, el('h2', { id: 'h-files' }, '1. The files'));
const termsSection = el('section', { id: 'terms', 'aria-labelledby': 'h-terms' }, el('h2', { id: 'h-terms' }, '2. Groups and terms'));
const botsSection = el('section', { id: 'bots', 'aria-labelledby': 'h-bots' }, el('h2', { id: 'h-bots' }, '3. Keyholders'));
const launchSection = el('section', { id: 'launch', 'aria-labelledby': 'h-launch' }, el('h2', { id: 'h-launch' }, '4. Launch'));
main.append(filesSection, termsSection, botsSection, launchSection);

// ---- 1. files, cuts and previews
const input = /** @type {HTMLInputElement} */ (el('input', { type: 'file', id: 'file-input', multiple: true }));
const drop = el('div', { class: 'drop', id: 'drop-zone' }, 'Drop the files of the work here, or ', el('label', { for: 'file-input' }, 'choose them: '), input);
const fileList = el('div', { id: 'file-list' });
const fileMessages = el('div');
filesSection.append(el('p', {}, 'Each file is cut into fragments; every fragment is encrypted except those you mark as previews, which fans hear or see before they pledge.'), drop, fileMessages, fileList);
input.addEventListener('change', () => addFiles([...(input.files ?? [])]));
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); addFiles([...(e.dataTransfer?.files ?? [])]); });

/** The media cutter for each media type the tool cuts on its own boundaries (spec/archive-format.md section 7). */
const MEDIA_FORMAT = /** @type {Record<string, string>} */ ({ 'audio/mpeg': 'mp3', 'audio/flac': 'flac', 'audio/ogg': 'ogg', 'video/mp2t': 'ts', 'video/mp4': 'fmp4', 'audio/mp4': 'fmp4' });

/** @param {File[]} files */
function addFiles(files) {
  for (const file of files) {
    const path = (/** @type {any} */ (file).webkitRelativePath || file.name).normalize('NFC');
    if (picked.some((p) => p.path === path)) { say(fileMessages, 'error', `${path} is already in the list: rename one of them`); continue; }
    const mediaType = mediaTypeForPath(path);
    const format = MEDIA_FORMAT[mediaType];
    picked.push({ file, path, mediaType, cut: format ?? (file.size > 4 << 20 ? 'bytes' : 'whole'), every: format ? '30' : '1M', plan: null, mediaPlan: null, previews: new Set() });
  }
  renderFiles();
}

function renderFiles() {
  fill(fileList, ...picked.map((p, i) => {
    const cut = /** @type {HTMLSelectElement} */ (el('select', { id: `cut-${i}` },
      el('option', { value: 'whole', selected: p.cut === 'whole' }, 'whole file, one fragment'),
      el('option', { value: 'bytes', selected: p.cut === 'bytes' }, 'every N bytes'),
      MEDIA_FORMAT[p.mediaType] ? el('option', { value: MEDIA_FORMAT[p.mediaType], selected: p.cut === MEDIA_FORMAT[p.mediaType] }, `${MEDIA_FORMAT[p.mediaType]} boundaries, every N seconds (every preview plays alone)`) : null));
    const every = /** @type {HTMLInputElement} */ (el('input', { id: `every-${i}`, type: 'text', size: '6', value: p.every, disabled: p.cut === 'whole' }));
    const planButton = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', id: `plan-${i}` }, 'Cut and choose previews'));
    const remove = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', 'aria-label': `remove ${p.path}` }, 'Remove'));
    const out = el('div', { id: `fragments-${i}` });
    cut.addEventListener('change', () => { p.cut = /** @type {any} */ (cut.value); p.plan = null; renderFiles(); });
    every.addEventListener('change', () => { p.every = every.value; p.plan = null; fill(out, ); });
    remove.addEventListener('click', () => { picked.splice(i, 1); renderFiles(); });
    planButton.addEventListener('click', () => runStep(planButton, out, async () => { await plan(p); renderFragments(p, out); }));
    if (p.plan) queueMicrotask(() => renderFragments(p, out));
    return el('div', { class: 'picked' },
      el('h3', {}, `${p.path} (${p.mediaType}, ${formatBytes(p.file.size)})`),
      el('p', {}, el('label', { for: `cut-${i}` }, 'Cut'), cut, ' ', el('label', { for: `every-${i}` }, p.cut === 'whole' || p.cut === 'bytes' ? 'bytes (K, M, G)' : 'seconds'), every, ' ', planButton, ' ', remove),
      out);
  }));
}

/** Cuts the file as chosen: `plan` lists its fragments; `mediaPlan` is a media cutter's plan, what the packer takes. @param {Picked} p */
async function plan(p) {
  p.mediaPlan = null;
  if (p.cut === 'whole') p.plan = planWhole(p.file.size);
  else if (p.cut === 'bytes') p.plan = planByteCut(p.file.size, parseByteSize(p.every), [], p.path);
  else {
    const seconds = Number(p.every);
    if (!(seconds > 0)) throw new Error(`"${p.every}" is not a number of seconds: write e.g. 30`);
    p.mediaPlan = await cutMedia(blobChunks(p.file), p.cut, { seconds, name: p.path, size: p.file.size });
    p.plan = mediaFragments(p.mediaPlan, [], p.path).fragments;
  }
  p.previews = new Set([...p.previews].filter((n) => n < /** @type {any[]} */ (p.plan).length));
}

/** @param {Picked} p @param {HTMLElement} out */
function renderFragments(p, out) {
  const plan = /** @type {any[]} */ (p.plan);
  const rows = plan.map((f, n) => {
    // A header segment (stream headers, no media) is always a preview: it goes in front of every other.
    const header = p.mediaPlan?.header && n === 0;
    if (header) p.previews.add(0);
    const box = /** @type {HTMLInputElement} */ (el('input', { type: 'checkbox', id: `preview-${p.path}-${n}`, checked: p.previews.has(n), disabled: header }));
    box.addEventListener('change', () => { if (box.checked) p.previews.add(n); else p.previews.delete(n); });
    const listen = p.mediaType.startsWith('audio/') || p.mediaType.startsWith('video/')
      ? /** @type {HTMLButtonElement} */ (el('button', { type: 'button', 'aria-label': `listen to fragment ${n} of ${p.path}` }, 'Listen'))
      : null;
    const player = el('span');
    listen?.addEventListener('click', () => {
      // A fragment of a file with a header segment plays only after it, as in the archive.
      const head = p.mediaPlan?.header && n > 0 ? [p.file.slice(plan[0].offset, plan[0].offset + plan[0].size)] : [];
      const url = URL.createObjectURL(new Blob([...head, p.file.slice(f.offset, f.offset + f.size)], { type: p.mediaType }));
      fill(player, el(p.mediaType.startsWith('video/') ? 'video' : 'audio', { controls: true, autoplay: true, src: url, 'aria-label': `fragment ${n} of ${p.path}` }));
    });
    return el('tr', {},
      el('td', {}, String(n)), el('td', {}, formatBytes(f.size)),
      el('td', {}, f.start !== undefined ? `${(f.start / 1e6).toFixed(1)} s + ${(f.duration / 1e6).toFixed(1)} s` : `bytes ${f.offset}…`),
      el('td', {}, box, el('label', { for: `preview-${p.path}-${n}` }, 'preview')), el('td', {}, listen, player));
  });
  fill(out, el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, '#'), el('th', {}, 'Size'), el('th', {}, 'Where'), el('th', {}, 'Preview'), el('th', {}, 'Listen'))), el('tbody', {}, ...rows)));
}

// ---- 2. groups and terms
const field = (/** @type {string} */ id, /** @type {string} */ label, /** @type {string} */ value, /** @type {string} */ hint) => {
  const i = /** @type {HTMLInputElement} */ (el('input', { id, type: 'text', value, size: '12', 'aria-describedby': `${id}-hint` }));
  return { input: i, row: el('p', {}, el('label', { for: id }, label), i, ' ', el('span', { id: `${id}-hint`, class: 'network' }, hint)) };
};
const terms = {
  goal: field('goal', 'Goal (ETH)', '3', 'what fans must pledge in all before the pledge deadline'),
  artistFee: field('artist-fee', 'Your fee (ETH)', '2', 'paid to you if released; the rest of the goal pays keyholders and goes to the fans\' pool'),
  deposit: field('deposit', 'Keyholder deposit (ETH)', '0.5', 'what each keyholder puts at stake, slashed if it leaks'),
  enrol: field('enrol-period', 'Enrolment period', '1d', 'keyholders enrol within this'),
  pledge: field('pledge-period', 'Pledge period', '7d', 'fans pledge within this (after enrolment)'),
  reveal: field('reveal-window', 'Reveal window', '1d', 'keyholders publish their shares within this after funding'),
  samples: field('sample-count', 'Samples', '3', 'encrypted fragments the chain picks at random, whose keys you reveal before pledging opens (1 to 16)'),
  salt: field('salt', 'Release name (salt)', `release ${new Date().toISOString().slice(0, 10)}`, 'makes the release address; a new name is a new release'),
};
const license = /** @type {HTMLTextAreaElement} */ (el('textarea', { id: 'license', rows: '4', cols: '70' }, 'Licensed under CC BY 4.0 once this release is fulfilled.'));
const groupList = el('div', { id: 'groups' });
const bounds = el('p', { id: 'term-bounds', class: 'network' });
termsSection.append(groupList, ...Object.values(terms).map((t) => t.row), el('p', {}, el('label', { for: 'license' }, 'License (granted only if the release is fulfilled)')), license, bounds);

function renderGroups() {
  fill(groupList, el('p', {}, 'Groups of keyholders: each holds the whole secret M-of-N; a backup group can release the work if another vanishes.'),
    ...groups.map((g, i) => {
      const m = /** @type {HTMLInputElement} */ (el('input', { id: `group-${i}-m`, type: 'number', min: '1', max: '255', value: String(g.threshold), size: '3' }));
      const n = /** @type {HTMLInputElement} */ (el('input', { id: `group-${i}-n`, type: 'number', min: '1', max: '255', value: String(g.size), size: '3' }));
      m.addEventListener('change', () => { g.threshold = Number(m.value); });
      n.addEventListener('change', () => { g.size = Number(n.value); });
      const rm = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', 'aria-label': `remove group ${i}` }, 'Remove'));
      rm.addEventListener('click', () => { if (groups.length > 1) { groups.splice(i, 1); renderGroups(); } });
      return el('p', {}, `Group ${i}: `, el('label', { for: `group-${i}-m` }, 'M'), m, el('label', { for: `group-${i}-n` }, ' of N'), n, ' ', rm);
    }),
    (() => { const b = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', id: 'add-group' }, 'Add a group')); b.addEventListener('click', () => { groups.push({ threshold: 2, size: 3 }); renderGroups(); }); return b; })());
}
renderGroups();

// ---- 3. the registry's bots
const botTable = el('div', { id: 'bot-list' }, el('p', {}, 'Looking up the registry…'));
botsSection.append(el('p', {}, 'Keyholder bots registered with the factory: the highest slashable stake first. One is hired per slot.'), botTable);
/** @type {import('../lib/chain/registry.js').Listing[]} */
let bots = [];
async function loadBots() {
  if (!session.client || !settings.factory) { say(botTable, 'info', 'Add #chain=ID&rpc=URL&factory=0x… to the address to see the registry\'s bots.'); return; }
  const registry = await registryOf(session.client, settings.factory);
  bots = await listKeyholders(session.client, registry);
  const online = await Promise.all(bots.map((b) => fetch(`${b.endpoint.replace(/\/+$/, '')}/healthz`, { signal: AbortSignal.timeout(3000) }).then((r) => r.ok, () => false)));
  fill(botTable, el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Keyholder'), el('th', {}, 'Endpoint'), el('th', {}, 'Stake'), el('th', {}, 'Completed'), el('th', {}, 'Online'))),
    el('tbody', {}, ...bots.map((b, i) => el('tr', { class: online[i] ? '' : 'suspect' }, el('td', {}, b.keyholder), el('td', {}, b.endpoint), el('td', {}, formatEth(b.stake)),
      el('td', {}, String(b.completedReleases)), el('td', {}, online[i] ? 'yes' : 'no answer'))))));
}
loadBots().catch((e) => say(botTable, 'error', `could not read the registry: ${e.message}`));

// ---- 4. launch
launchSection.append(launchPanel({ session, picked, groups, terms, license, bounds, plan, messages }));
