// The fan's page: a release opened from its link (#chain=…&release=…): its terms from the chain,
// its archive fetched by CID with every block verified, what `unveil inspect` shows, previews and
// samples playing inline, the verdict, pledging (a suspect release asks twice), refunds, and after
// release the work decrypted to disk, every hash checked before a file shows as complete.
import { startPage } from '../ui/chrome.js';
import { el, fill, say, progressBar, formatBytes, formatTime, runStep } from '../ui/dom.js';
import { readRelease, releasedSecret, send, ReleaseAbi } from '../lib/chain/release.js';
import { keyholderGateways } from '../lib/chain/registry.js';
import { readStored, storeComplete, forget } from '../ui/store.js';
import { ArchiveFormatError, ArchiveIntegrityError } from '../lib/archive/errors.js';
import { archiveCidOf, fetchArchive, inspectStored, verdictOf, previewsOf, samplesOf, unlockStored } from '../lib/release/fan.js';
import { paymentUnit, formatAmount, parseAmount, requireBalance } from '../lib/chain/token.js';
import { pledgeCalls } from '../lib/release/pledge.js';
import { parseEventLogs } from '../vendor/viem.js';
import { pickOutput, canPickFolder } from '../ui/output.js';

const session = await startPage('A release');
const { settings, main, messages } = session;
const sections = {
  release: el('section', { id: 'release', 'aria-labelledby': 'h-release' }, el('h2', { id: 'h-release' }, 'The release')),
  archive: el('section', { id: 'archive', 'aria-labelledby': 'h-archive' }, el('h2', { id: 'h-archive' }, 'The archive')),
  verdict: el('section', { id: 'verdict', 'aria-labelledby': 'h-verdict' }, el('h2', { id: 'h-verdict' }, 'Checks before pledging')),
  pledge: el('section', { id: 'pledge', 'aria-labelledby': 'h-pledge' }, el('h2', { id: 'h-pledge' }, 'Pledge or refund')),
  unlock: el('section', { id: 'unlock', 'aria-labelledby': 'h-unlock' }, el('h2', { id: 'h-unlock' }, 'Unlock the work')),
};
main.append(...Object.values(sections));

/** @type {{ release: any, unit: import('../lib/chain/token.js').Unit|null, gateways: string[], cid: string|null, file: File|null, inspection: any, verdict: any, from: string|undefined }} */
const view = { release: null, unit: null, gateways: [], cid: null, file: null, inspection: null, verdict: null, from: undefined };

const pledgeStatus = el('div', { id: 'pledge-status' });

if (!settings.release || !settings.chainId) {
  say(messages, 'info', 'Open a release from its link: the link names the chain and the release (…/fan.html#chain=ID&release=0x…).');
} else if (!session.client) {
  say(messages, 'error', 'no RPC to read the chain from: add &rpc=URL to the link, or connect a wallet on the release\'s chain and reload');
} else {
  await loadRelease().catch((e) => say(messages, 'error', e.message));
}

async function loadRelease() {
  const r = await readRelease(session.client, settings.release);
  if (r.chainId !== settings.chainId) throw new Error(`the RPC is chain ${r.chainId}, the link says chain ${settings.chainId}: use an RPC of chain ${settings.chainId}`);
  view.release = r;
  // The token (if any) never changes: its symbol and decimals are read once.
  if (view.unit?.token.toLowerCase() !== r.params.token.toLowerCase()) view.unit = await paymentUnit(session.client, r.params.token);
  view.gateways = settings.onlyGateways ? settings.gateways
    : [...new Set([...settings.gateways, ...(await keyholderGateways(session.client, r.registry, r.slots))])];
  view.cid = archiveCidOf(r.params.archiveCid);
  renderRelease();
  renderArchive();
  renderPledge();
  renderUnlock();
}

function renderRelease() {
  const r = view.release, s = r.summary, now = r.block.timestamp, unit = /** @type {import('../lib/chain/token.js').Unit} */ (view.unit);
  const goal = /** @type {bigint} */ (s.goal), pledged = /** @type {bigint} */ (s.totalPledged);
  const bar = progressBar('pledged of the goal');
  bar.update(Number(pledged * 1000n / (goal || 1n)), 1000, `${formatAmount(pledged, unit)} of ${formatAmount(goal, unit)} pledged`);
  fill(sections.release, sections.release.firstChild,
    el('dl', { class: 'terms' },
      el('dt', {}, 'Address'), el('dd', { id: 'release-address' }, `${r.address} on chain ${r.chainId}`),
      el('dt', {}, 'State'), el('dd', { id: 'release-state' }, r.state),
      el('dt', {}, 'Paid in'), el('dd', { id: 'release-unit' }, BigInt(unit.token) === 0n ? 'ETH' : `${unit.symbol} (ERC-20 token ${unit.token})`),
      el('dt', {}, 'Goal'), el('dd', {}, bar.root),
      el('dt', {}, 'Artist'), el('dd', {}, `${s.artist}, paid a fixed ${formatAmount(r.artistFee, unit)} if released`),
      el('dt', {}, 'Keyholders enrol by'), el('dd', {}, formatTime(Number(s.enrolDeadline), now)),
      el('dt', {}, 'Pledges close'), el('dd', {}, formatTime(Number(s.pledgeDeadline), now)),
      Number(s.revealDeadline) > 0 ? el('dt', {}, 'Keys due by') : null,
      Number(s.revealDeadline) > 0 ? el('dd', {}, formatTime(Number(s.revealDeadline), now)) : null,
      el('dt', {}, 'Keyholders'), el('dd', {}, `${s.enrolledCount} of ${s.slotCount} enrolled, ${s.publishedCount} shares published; groups `
        + r.groups.map((g) => `${g.threshold}-of-${g.size} (${g.published} published)`).join(', ')),
      el('dt', {}, 'Archive'), el('dd', { id: 'archive-cid' }, view.cid ?? 'not a CID: nobody can fetch this work')));
}

function renderArchive() {
  const sec = sections.archive;
  const status = el('div');
  const bar = progressBar('archive fetched and verified');
  const button = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', id: 'fetch-archive', class: 'primary' }, 'Fetch and inspect the archive'));
  fill(sec, sec.firstChild,
    el('p', {}, `From ${view.gateways.length ? view.gateways.join(', ') : 'no gateway yet (add &gateway=URL to the link)'}; every block is checked against the CID before it is kept.`),
    button, bar.root, status, el('div', { id: 'inspection' }));
  button.addEventListener('click', () => runStep(button, status, async () => {
    if (!view.cid) throw new Error('the release records no CID: there is nothing to fetch');
    view.file = await readStored('archives', `${view.cid}.tar`);
    if (view.file) view.from = 'this browser\'s storage (verified when it was fetched)';
    if (!view.file) {
      view.file = await storeComplete('archives', `${view.cid}.tar`,
        fetchArchive(view.cid, view.gateways, (done, total, from) => { view.from = from; bar.update(done, total, `${formatBytes(done)} of ${formatBytes(total)} verified, from ${from}`); }));
    }
    bar.finish(`${formatBytes(view.file.size)} fetched, every block verified`);
    try {
      view.inspection = await inspectStored(view.file, (done, total) => bar.update(done, total, `inspecting: ${formatBytes(done)} of ${formatBytes(total)}`));
    } catch (e) {
      // The bytes are the CID's (every block checked), so the archive itself is malformed or
      // tampered with: that is the verdict, and the copy is not kept.
      if (!(e instanceof ArchiveFormatError || e instanceof ArchiveIntegrityError)) throw e;
      await forget('archives', `${view.cid}.tar`);
      view.file = null;
      bar.finish('the archive is malformed or tampered with');
      say(status, 'error', `The archive at ${view.cid} is malformed or tampered with: ${e.message}. Do not pledge.`);
      await renderVerdict(e);
      return;
    }
    bar.finish(`${formatBytes(view.file.size)}: fetched, verified and inspected`);
    renderInspection();
    await renderVerdict();
  }));
}

function renderInspection() {
  const i = view.inspection, m = i.manifest;
  const fulfilled = view.release.state === 'Released' || view.release.state === 'Settled';
  const rows = m.files.map((/** @type {any} */ f, /** @type {number} */ n) => el('tr', {},
    el('td', {}, f.path), el('td', {}, f.mediaType), el('td', {}, formatBytes(f.size)),
    el('td', {}, `${f.fragments.length} (${f.fragments.filter((/** @type {any} */ x) => x.preview).length} preview)`),
    el('td', { id: `preview-${n}` })));
  const target = /** @type {HTMLElement} */ (document.getElementById('inspection'));
  fill(target, 
    el('h3', {}, 'Files'),
    el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Path'), el('th', {}, 'Type'), el('th', {}, 'Size'), el('th', {}, 'Fragments'), el('th', {}, 'Preview'))), el('tbody', {}, ...rows)),
    i.suspects.length ? el('ul', { class: 'suspects', id: 'suspects' }, ...i.suspects.map((/** @type {{file: string|null, reason: string}} */ s) => el('li', { class: 'suspect' }, s.file ? `${s.file}: ${s.reason}` : s.reason))) : null,
    el('h3', {}, 'License'),
    el('p', { id: 'license-status', class: fulfilled ? '' : 'suspect' }, fulfilled
      ? 'The release is fulfilled: this license is granted.'
      : 'This license is VOID unless the release is fulfilled (reaches Released); until then no license is granted and plain copyright applies.'),
    el('div', { class: 'license' }, m.license));
  for (const p of previewsOf(view.file, i)) {
    const cell = document.getElementById(`preview-${p.fileIndex}`);
    const kind = p.mediaType.startsWith('audio/') ? 'audio' : p.mediaType.startsWith('video/') ? 'video' : null;
    const url = URL.createObjectURL(p.blob);
    cell?.append(kind ? el(kind, { controls: true, preload: 'metadata', src: url, 'aria-label': `preview: fragment ${p.fragmentIndex} of ${p.path}`, 'data-preview': p.path })
      : el('a', { href: url, download: p.name }, `preview ${formatBytes(p.blob.size)}`));
  }
}

/** @param {Error} [broken] the error inspecting the archive threw, if it did */
async function renderVerdict(broken) {
  const sec = sections.verdict;
  const list = el('ul', { id: 'findings' });
  fill(sec, sec.firstChild, el('p', {}, 'Comparing the archive with the contract, decrypting the chain\'s samples, and asking the registry about the keyholders…'), list);
  const samples = broken ? [] : await samplesOf(/** @type {File} */ (view.file), view.inspection, view.release, session.client);
  view.verdict = await verdictOf(session.client, view.release, broken ?? view.inspection, samples, settings.factory, view.from);
  fill(list, ...view.verdict.findings.map((/** @type {any} */ f) => el('li', { class: `finding ${f.severity}` }, f.reason)));
  sec.children[1].textContent = view.verdict.ok
    ? 'Verdict: nothing suspect found.'
    : `Verdict: SUSPECT (${view.verdict.findings.filter((/** @type {any} */ f) => f.severity === 'suspect').length} findings). Pledging asks you twice.`;
  sec.children[1].className = view.verdict.ok ? 'message ok' : 'message error';
  sec.children[1].setAttribute('role', view.verdict.ok ? 'status' : 'alert');
  for (const s of samples) {
    if (!s.blob) continue;
    const kind = s.mediaType.startsWith('audio/') ? 'audio' : s.mediaType.startsWith('video/') ? 'video' : null;
    const url = URL.createObjectURL(s.blob);
    list.append(el('li', { class: 'sample' }, `sample: fragment ${s.e} of ${s.path} `,
      kind ? el(kind, { controls: true, preload: 'metadata', src: url, 'aria-label': `sample ${s.e} of ${s.path}` }) : el('a', { href: url, download: s.name }, 'download')));
  }
}

function renderPledge() {
  const sec = sections.pledge, r = view.release, unit = /** @type {import('../lib/chain/token.js').Unit} */ (view.unit);
  const token = BigInt(unit.token) !== 0n;
  // One status line across re-renders: a pledge re-reads the release, then says how it went.
  const status = pledgeStatus;
  const amount = /** @type {HTMLInputElement} */ (el('input', { id: 'pledge-amount', type: 'text', inputmode: 'decimal', value: '0.1', size: '10' }));
  const pledge = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', id: 'pledge-button', class: 'primary' }, 'Pledge'));
  const refund = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', id: 'refund-button' }, 'Claim my refund'));
  const open = r.state === 'Open';
  const failed = r.state === 'Failed' || r.state === 'Cancelled' || (open && r.block.timestamp >= Number(r.summary.pledgeDeadline));
  fill(sec, sec.firstChild,
    open ? el('p', {}, el('label', { for: 'pledge-amount' }, `Pledge up to (${unit.symbol})`), amount, ' ', pledge,
      el('span', { class: 'network' }, token
        ? ' Your wallet approves the release to take what the goal still needs (at most what you offer), then sends the pledge.'
        : ' The contract takes at most what the goal still needs and sends the rest back.')) : el('p', {}, `The release is ${r.state}: pledges are taken only while it is Open.`),
    failed ? el('p', {}, refund, ' The release did not reach its goal in time: every pledge is refunded.') : null,
    status);
  pledge.addEventListener('click', () => runStep(pledge, status, async () => {
    const offered = parseAmount(amount.value, unit);
    if (offered <= 0n) throw new Error(`pledge more than 0 ${unit.symbol}`);
    if (!view.verdict) {
      if (!confirm('You have not checked this release yet (Fetch and inspect the archive). Pledge anyway?')) return;
    } else if (!view.verdict.ok) {
      if (!confirm('This release is SUSPECT: read the findings under "Checks before pledging". Pledge anyway?')) return;
      if (!confirm('Are you sure? A suspect release may never give you the work; your pledge comes back only if it fails.')) return;
    }
    const w = await session.connect();
    // Fresh terms: what the goal still needs decides what a token pledge approves.
    const now = await readRelease(session.client, r.address);
    if (now.state !== 'Open') throw new Error(`the release is ${now.state} now: pledges are taken only while it is Open`);
    const needed = BigInt(now.summary.goal) - BigInt(now.summary.totalPledged);
    // An ETH pledge sends the whole offer (the contract returns what the goal did not need).
    await requireBalance(session.client, unit, w.address, token && needed < offered ? needed : offered, 'this pledge');
    const calls = pledgeCalls({ release: now, amount: offered, verdict: view.verdict?.ok ? view.verdict : null, unverified: !view.verdict?.ok });
    let receipt;
    for (const [i, call] of calls.entries()) {
      const step = calls.length > 1 ? ` (step ${i + 1} of ${calls.length})` : '';
      say(status, 'info', call.functionName === 'approve'
        ? `Approve the release to take up to ${formatAmount(/** @type {bigint} */ (call.args?.[1]), unit)} in your wallet${step}…`
        : `Confirm the pledge in your wallet${step}…`);
      receipt = await send(session.client, w.client, call);
    }
    const logs = parseEventLogs({ abi: ReleaseAbi, logs: receipt.logs, eventName: 'Pledged' }).filter((l) => l.address.toLowerCase() === r.address.toLowerCase());
    const took = /** @type {any} */ (logs[0])?.args.amount;
    await loadRelease();
    say(status, 'ok', took === undefined
      ? `Pledged (up to ${formatAmount(offered, unit)}).`
      : `Pledged ${formatAmount(took, unit)}${took < offered ? ` of the ${formatAmount(offered, unit)} offered: that is what the goal still needed` : ''}.`);
  }));
  refund.addEventListener('click', () => runStep(refund, status, async () => {
    const w = await session.connect();
    if (r.state === 'Open') await send(session.client, w.client, { address: r.address, functionName: 'expire' });
    await send(session.client, w.client, { address: r.address, functionName: 'claimRefund' });
    await loadRelease();
    say(status, 'ok', 'Refund claimed: the pledge is back in your account.');
  }));
}

function renderUnlock() {
  const sec = sections.unlock, r = view.release;
  const status = el('div', { id: 'unlock-status' });
  const bar = progressBar('work decrypted and checked');
  const button = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', id: 'unlock-button', class: 'primary' }, 'Decrypt the work'));
  const files = el('ul', { id: 'unlocked-files' });
  const to = /** @type {HTMLSelectElement} */ (el('select', { id: 'unlock-to' },
    canPickFolder() ? el('option', { value: 'folder' }, 'a folder I choose') : null,
    el('option', { value: 'browser' }, 'this browser\'s storage, then save each file')));
  if (r.state !== 'Released' && r.state !== 'Settled') {
    fill(sec, sec.firstChild, el('p', {}, 'The work can be decrypted once the release is Released: the keyholders publish their shares on chain and the contract rebuilds the secret.'));
    return;
  }
  fill(sec, sec.firstChild, el('p', {}, 'The secret is on chain: anyone can decrypt the work, forever. Each file is checked against its SHA-256 before it is shown as complete.'),
    el('p', {}, el('label', { for: 'unlock-to' }, 'Write the files to'), to, ' ', button), bar.root, status, files);
  button.addEventListener('click', () => runStep(button, status, async () => {
    if (!view.file || !view.inspection) throw new Error('fetch and inspect the archive first (the button above)');
    const secret = await releasedSecret(session.client, r.address);
    if (secret === null) throw new Error('the release says Released but no secret is in its events: try again in a moment');
    const output = await pickOutput(`unlocked-${r.address.slice(2, 10).toLowerCase()}`, /** @type {any} */ (to.value));
    fill(files, );
    await unlockStored(view.file, secret, output, {
      onProgress: (done, total) => bar.update(done, total, `decrypting: ${formatBytes(done)} of ${formatBytes(total)}`),
      onFileDone: (/** @type {{path: string, size: number, link?: string}} */ f) => files.append(el('li', { class: 'unlocked', 'data-path': f.path },
        `${f.path} (${formatBytes(f.size)}), SHA-256 checked `, f.link ? el('a', { href: f.link, download: f.path.split('/').pop() }, 'save') : '')),
    });
    bar.finish('every file decrypted and its SHA-256 checked');
    say(status, 'ok', `The work is unlocked ${output.where}.`);
  }));
}
