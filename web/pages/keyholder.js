// The page for keyholders with a wallet and for anyone: a keyholder derives its release key from
// its wallet (signing the same request twice), checks its share in the archive, enrols and, once
// the release is funded, publishes the share; anyone settles, claims what it is owed, and accuses a
// leaked release key by commit and reveal. Release keys live only in this page's memory.
import { startPage } from '../ui/chrome.js';
import { el, fill, say, progressBar, formatBytes, runStep } from '../ui/dom.js';
import { paymentUnit, formatAmount, requireBalance } from '../lib/chain/token.js';
import { readRelease, send } from '../lib/chain/release.js';
import { keyholderGateways } from '../lib/chain/registry.js';
import { readStored, storeComplete } from '../ui/store.js';
import { archiveCidOf, fetchArchive, inspectStored } from '../lib/release/fan.js';
import { deriveReleaseKey } from '../lib/crypto/release-key.js';
import { openShare, enrolCall, paymentApproval, publishShareCall } from '../lib/release/keyholder.js';
import { settleCall, claimCalls, claimRefundCall, commitAccusationCall, accuseCall, withdrawCreditCalls } from '../lib/release/anyone.js';
import { fromHex } from '../lib/bytes.js';

const session = await startPage('Keyholders and anyone');
const { settings, main, messages } = session;
const releaseSection = el('section', { id: 'release', 'aria-labelledby': 'h-release' }, el('h2', { id: 'h-release' }, 'The release'));
const keySection = el('section', { id: 'keyholder', 'aria-labelledby': 'h-keyholder' }, el('h2', { id: 'h-keyholder' }, 'I hold a slot'));
const anyoneSection = el('section', { id: 'anyone', 'aria-labelledby': 'h-anyone' }, el('h2', { id: 'h-anyone' }, 'Anyone'));
main.append(releaseSection, keySection, anyoneSection);

// Status lines live across re-renders: each step re-reads the release, then says how it went.
const keyStatus = el('div', { id: 'keyholder-status' });
const anyoneStatus = el('div', { id: 'anyone-status' });
/** @type {{ release: any, unit: any, inspection: any, key: any, slot: number|null }} */
const view = { release: null, unit: null, inspection: null, key: null, slot: null };
// A derived release key is wiped when the page goes away.
addEventListener('pagehide', () => { view.key?.key?.fill?.(0); view.key = null; });

if (!settings.release || !settings.chainId) {
  say(messages, 'info', 'Open this page from a release link: …/keyholder.html#chain=ID&rpc=URL&release=0x…');
} else if (!session.client) {
  say(messages, 'error', 'no RPC to read the chain from: add &rpc=URL to the link');
} else {
  await load().catch((e) => say(messages, 'error', e.message));
}

async function load() {
  view.release = await readRelease(session.client, settings.release);
  const r = view.release;
  if (view.unit?.token.toLowerCase() !== r.params.token.toLowerCase()) view.unit = await paymentUnit(session.client, r.params.token);
  fill(releaseSection, releaseSection.firstChild,
    el('p', {}, `${r.address} on chain ${r.chainId}: `, el('strong', { id: 'release-state' }, r.state), `; deposit ${formatAmount(r.params.deposit, view.unit)} per slot`),
    el('table', { id: 'slots' }, el('thead', {}, el('tr', {}, el('th', {}, 'Slot'), el('th', {}, 'Group'), el('th', {}, 'Release key'), el('th', {}, 'Keyholder'), el('th', {}, 'Status'), el('th', {}, 'Claimed'))),
      el('tbody', {}, ...r.slots.map((/** @type {any} */ s) => el('tr', {}, el('td', {}, String(s.index)), el('td', {}, String(s.group)), el('td', {}, s.releaseKey),
        el('td', {}, /^0x0+$/.test(s.keyholder) ? '—' : s.keyholder), el('td', {}, s.status), el('td', {}, s.claimed ? 'yes' : 'no'))))));
  renderKeyholder();
  renderAnyone();
}

async function inspected() {
  if (view.inspection) return view.inspection;
  const r = view.release;
  const cid = archiveCidOf(r.params.archiveCid);
  if (!cid) throw new Error('the release records no CID: its archive cannot be checked, refusing to enrol');
  const gateways = [...new Set([...settings.gateways, ...(await keyholderGateways(session.client, r.registry, r.slots))])];
  const bar = progressBar('archive fetched and verified');
  keySection.append(bar.root);
  let file = await readStored('archives', `${cid}.tar`);
  if (!file) file = await storeComplete('archives', `${cid}.tar`, fetchArchive(cid, gateways, (d, t, g) => bar.update(d, t, `${formatBytes(d)} of ${formatBytes(t)} verified, from ${g}`)));
  view.inspection = await inspectStored(file, (d, t) => bar.update(d, t, `inspecting ${formatBytes(d)} of ${formatBytes(t)}`));
  bar.finish(`archive ${cid}: fetched, verified, inspected`);
  return view.inspection;
}

function renderKeyholder() {
  const status = keyStatus;
  const derive = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', id: 'derive-key', class: 'primary' }, 'Derive my release key and check my share'));
  const enrol = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', id: 'enrol', disabled: true }, 'Enrol (sends the deposit)'));
  const publish = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', id: 'publish', disabled: true }, 'Publish my share'));
  fill(keySection, keySection.firstChild,
    el('p', {}, 'Your wallet signs a request for this release twice (the two signatures must be equal); the key comes from that signature and never leaves this page.'),
    el('p', {}, derive, ' ', enrol, ' ', publish), status);
  derive.addEventListener('click', () => runStep(derive, status, async () => {
    const w = await session.connect();
    const r = view.release;
    const inspection = await inspected();
    const factory = settings.factory ?? inspection.manifest.terms.factory;
    say(status, 'info', 'Sign the release-key request in your wallet (twice)…');
    view.key = await deriveReleaseKey((typed) => w.wallet.provider.request({ method: 'eth_signTypedData_v4', params: [w.address, JSON.stringify(typed)] }),
      { chainId: r.chainId, factory, release: r.address, keyholder: w.address });
    const slot = r.slots.find((/** @type {any} */ s) => s.releaseKey.toLowerCase() === view.key.address.toLowerCase());
    if (!slot) throw new Error(`no slot of this release is for your release key ${view.key.address}: you were not hired for it with this wallet`);
    view.slot = slot.index;
    const share = openShare({ inspection, release: r, slot: slot.index, releaseKey: view.key });
    share.value?.fill?.(0);
    say(status, 'ok', `Slot ${slot.index} is yours (release key ${view.key.address}); your share opens and lies on its group's commitments.`);
    enrol.disabled = !(r.state === 'Enrolling' && slot.status === 'Vacant');
    publish.disabled = !(r.state === 'Funded' && slot.status === 'Enrolled');
  }));
  enrol.addEventListener('click', () => runStep(enrol, status, async () => {
    const w = await session.connect();
    const call = await enrolCall({ client: session.client, release: view.release, slot: /** @type {number} */ (view.slot), keyholder: w.address, releaseKey: view.key, inspection: view.inspection });
    await requireBalance(session.client, view.unit, w.address, view.release.params.deposit, 'the deposit');
    const approval = paymentApproval(view.release, view.release.params.deposit);
    if (approval) {
      say(status, 'info', `Approve the release to take the deposit of ${formatAmount(view.release.params.deposit, view.unit)} in your wallet (step 1 of 2)…`);
      await send(session.client, w.client, approval);
    }
    say(status, 'info', `Confirm the enrolment in your wallet${approval ? ' (step 2 of 2)' : ''}…`);
    await send(session.client, w.client, call);
    await load();
    say(status, 'ok', `Enrolled in slot ${view.slot}.`);
  }));
  publish.addEventListener('click', () => runStep(publish, status, async () => {
    const w = await session.connect();
    const { call, shareAddress } = publishShareCall({ release: view.release, slot: /** @type {number} */ (view.slot), releaseKey: view.key, inspection: view.inspection });
    await send(session.client, w.client, call);
    await load();
    say(status, 'ok', `Share of slot ${view.slot} published (its address ${shareAddress}).`);
  }));
}

function renderAnyone() {
  const r = view.release;
  const status = anyoneStatus;
  const settle = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', id: 'settle' }, 'Settle'));
  const claims = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', id: 'claims' }, 'Send every claim due (deposits, artist fee)'));
  const refund = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', id: 'refund' }, 'Claim my refund or pool share'));
  const credit = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', id: 'credit' }, 'Withdraw my credits'));
  const slotIn = /** @type {HTMLInputElement} */ (el('input', { id: 'accuse-slot', type: 'number', min: '0', value: '0', size: '3' }));
  const keyIn = /** @type {HTMLInputElement} */ (el('input', { id: 'leaked-key', type: 'password', size: '66', autocomplete: 'off', spellcheck: 'false' }));
  const commit = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', id: 'accuse-commit' }, 'Commit the accusation'));
  const reveal = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', id: 'accuse-reveal', disabled: !localStorage.getItem(accusationKey()) }, 'Reveal it (a later block)'));
  fill(anyoneSection, anyoneSection.firstChild,
    el('p', {}, settle, ' ', claims, ' ', refund, ' ', credit),
    el('h3', {}, 'Accuse a leak'),
    el('p', {}, 'A release key published before the release is funded proves a leak: its keyholder is slashed and the bounty is yours. First commit (hidden), then reveal in a later block, so nobody can copy your accusation.'),
    el('p', {}, el('label', { for: 'accuse-slot' }, 'Slot'), slotIn, ' ', el('label', { for: 'leaked-key' }, 'Leaked release key (hex)'), keyIn),
    el('p', {}, commit, ' ', reveal), status);
  const act = (/** @type {HTMLButtonElement} */ b, /** @type {() => Promise<string>} */ f) => b.addEventListener('click', () => runStep(b, status, async () => { const said = await f(); await load(); say(status, 'ok', said); }));
  act(settle, async () => { const w = await session.connect(); await send(session.client, w.client, settleCall(r)); return 'Settled: keyholders and the artist can claim.'; });
  act(claims, async () => {
    const w = await session.connect();
    const calls = await claimCalls(session.client, r);
    if (calls.length === 0) return 'Nothing is due now.';
    for (const c of calls) await send(session.client, w.client, c);
    return `${calls.length} claim(s) sent.`;
  });
  act(refund, async () => { const w = await session.connect(); await send(session.client, w.client, claimRefundCall(r)); return 'Claimed.'; });
  act(credit, async () => {
    const w = await session.connect();
    const calls = await withdrawCreditCalls(session.client, r, w.address);
    for (const c of calls) await send(session.client, w.client, c);
    return calls.length ? `${calls.length} credit(s) withdrawn.` : 'You have no credit here.';
  });
  act(commit, async () => {
    const w = await session.connect();
    const hex = keyIn.value.trim().replace(/^0x/, '');
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('a release key is 64 hex digits (32 bytes)');
    const { accusation, call } = await commitAccusationCall({ client: session.client, release: r, slot: Number(slotIn.value), leakedKey: fromHex(hex), committer: w.address });
    await send(session.client, w.client, call);
    // The salt must stay secret until the reveal, and survive a reload: kept in this browser only.
    localStorage.setItem(accusationKey(), JSON.stringify(accusation));
    keyIn.value = '';
    reveal.disabled = false;
    return `Accusation committed for slot ${accusation.slot}; reveal it in a later block.`;
  });
  act(reveal, async () => {
    const w = await session.connect();
    const saved = localStorage.getItem(accusationKey());
    if (!saved) throw new Error('no committed accusation in this browser: commit one first');
    await send(session.client, w.client, accuseCall(JSON.parse(saved)));
    localStorage.removeItem(accusationKey());
    return 'Accusation revealed: the keyholder is slashed; claim the bounty once the window for earlier commitments has passed.';
  });
}

function accusationKey() { return `unveil.accusation.${settings.chainId}.${settings.release}`; }
