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
import { deriveReleaseKey, randomReleaseKey } from '../lib/crypto/release-key.js';
import { encryptKeystore, decryptKeystore, MAX_KEYSTORE_BYTES } from '../lib/crypto/keystore.js';
import { systemRandom } from '../lib/crypto/random.js';
import { NonDeterministicWalletError } from '../lib/crypto/errors.js';
import { openShare, enrolCall, paymentApproval, publishShareCall } from '../lib/release/keyholder.js';
import { settleCall, claimCalls, claimRefundCall, commitAccusationCall, accuseCall, withdrawCreditCalls } from '../lib/release/anyone.js';
import { fromHex, toHex } from '../lib/bytes.js';

const session = await startPage('Keyholders and anyone');
const { settings, main, messages } = session;
const releaseSection = el('section', { id: 'release', 'aria-labelledby': 'h-release' }, el('h2', { id: 'h-release' }, 'The release'));
const keySection = el('section', { id: 'keyholder', 'aria-labelledby': 'h-keyholder' }, el('h2', { id: 'h-keyholder' }, 'I hold a slot'));
const anyoneSection = el('section', { id: 'anyone', 'aria-labelledby': 'h-anyone' }, el('h2', { id: 'h-anyone' }, 'Anyone'));
const randomKeySection = el('section', { id: 'random-key', 'aria-labelledby': 'h-random-key' }, el('h2', { id: 'h-random-key' }, 'A release key for a wallet that cannot derive one'));
main.append(releaseSection, keySection, anyoneSection, randomKeySection);
renderRandomKey();

// Status lines live across re-renders: each step re-reads the release, then says how it went.
const keyStatus = el('div', { id: 'keyholder-status' });
const anyoneStatus = el('div', { id: 'anyone-status' });
/** @type {{ release: any, unit: any, inspection: any, key: any, slot: number|null }} */
const view = { release: null, unit: null, inspection: null, key: null, slot: null };
// A release key (derived or opened from its keystore) is wiped when the page goes away.
addEventListener('pagehide', () => { view.key?.key?.fill?.(0); view.key = null; });

if (!settings.release || !settings.chainId) {
  say(messages, 'info', 'Open this page from a release link: …/keyholder.html#chain=ID&rpc=URL&release=0x…');
  // Without a release only the random key can be made here.
  for (const s of [releaseSection, keySection, anyoneSection]) s.hidden = true;
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
  const keystore = {
    file: /** @type {HTMLInputElement} */ (el('input', { type: 'file', id: 'keystore-file', accept: '.json,application/json' })),
    password: /** @type {HTMLInputElement} */ (el('input', { type: 'password', id: 'keystore-password', autocomplete: 'current-password' })),
    open: /** @type {HTMLButtonElement} */ (el('button', { type: 'button', id: 'open-keystore' }, 'Open the key file and check my share')),
    bar: progressBar('key file opened'),
  };
  fill(keySection, keySection.firstChild,
    el('p', {}, 'Your wallet signs a request for this release twice (the two signatures must be equal); the key comes from that signature and never leaves this page.'),
    el('p', {}, derive, ' ', enrol, ' ', publish),
    el('p', {}, 'Or, if you were hired with a random release key (a wallet that randomises its signatures cannot derive one): ',
      el('label', { for: 'keystore-file' }, 'your release key file'), ' ', keystore.file, ' ',
      el('label', { for: 'keystore-password' }, 'its password'), ' ', keystore.password, ' ', keystore.open),
    keystore.bar.root, status);
  derive.addEventListener('click', () => runStep(derive, status, async () => {
    const w = await session.connect();
    const r = view.release;
    const inspection = await inspected();
    const factory = settings.factory ?? inspection.manifest.terms.factory;
    say(status, 'info', 'Sign the release-key request in your wallet (twice)…');
    let key;
    try {
      key = await deriveReleaseKey((typed) => w.wallet.provider.request({ method: 'eth_signTypedData_v4', params: [w.address, JSON.stringify(typed)] }),
        { chainId: r.chainId, factory, release: r.address, keyholder: w.address });
    } catch (e) {
      if (e instanceof NonDeterministicWalletError) throw new Error(`${e.message}: make one under "A release key for a wallet that cannot derive one" below, before the artist packs`);
      throw e;
    }
    useKey(key, inspection);
  }));
  keystore.open.addEventListener('click', () => runStep(keystore.open, status, async () => {
    const file = keystore.file.files?.[0];
    if (!file) throw new Error('choose your release key file (the keystore this page or `unveil keyholder derive --save` wrote)');
    if (file.size > MAX_KEYSTORE_BYTES) throw new Error(`${file.name} is ${formatBytes(file.size)}: a keystore is a small JSON file, choose the right one`);
    try {
      const inspection = await inspected();
      say(status, 'info', 'Opening the key file (scrypt takes a few seconds)…');
      const key = await decryptKeystore(await file.text(), keystore.password.value,
        { onProgress: (f) => keystore.bar.update(Math.round(f * 1000), 1000, 'opening the key file') });
      keystore.bar.finish('key file opened');
      useKey(key, inspection);
    } finally {
      keystore.password.value = '';
    }
  }));

  /** Checks the release key is one of this release's and the share sealed to it opens. @param {any} key @param {any} inspection */
  function useKey(key, inspection) {
    const r = view.release;
    // The key is checked before it replaces the one in use: a wrong key file leaves the page as it was.
    let slot;
    try {
      slot = r.slots.find((/** @type {any} */ s) => s.releaseKey.toLowerCase() === key.address.toLowerCase());
      if (!slot) throw new Error(`no slot of this release is for your release key ${key.address}: you were not hired for it with this key`);
      openShare({ inspection, release: r, slot: slot.index, releaseKey: key }).value?.fill?.(0);
    } catch (e) {
      key.key?.fill?.(0);
      throw e;
    }
    if (view.key !== key) view.key?.key?.fill?.(0);
    view.key = key;
    view.slot = slot.index;
    say(status, 'ok', `Slot ${slot.index} is yours (release key ${key.address}); your share opens and lies on its group's commitments.`);
    enrol.disabled = !(r.state === 'Enrolling' && slot.status === 'Vacant');
    publish.disabled = !(r.state === 'Funded' && slot.status === 'Enrolled');
  }
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

/**
 * A random release key with its keystore to save (spec/keys.md section 4.3), for a person whose
 * wallet cannot derive one: the artist packs for its public key; the keystore opens it later here or
 * in the CLI (`release enrol --release-key-file`). Nothing of it is kept by the page.
 */
function renderRandomKey() {
  const status = el('div', { id: 'random-key-status' });
  const password = /** @type {HTMLInputElement} */ (el('input', { type: 'password', id: 'new-key-password', autocomplete: 'new-password' }));
  const again = /** @type {HTMLInputElement} */ (el('input', { type: 'password', id: 'new-key-password-again', autocomplete: 'new-password' }));
  const make = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', id: 'make-random-key' }, 'Make a release key and its key file'));
  const bar = progressBar('key file encrypted');
  const result = el('div', { id: 'random-key-result' });
  fill(randomKeySection, randomKeySection.firstChild,
    el('p', {}, 'A new random key, encrypted with your password into a key file (a Web3 Secret Storage keystore) that you save. Give the artist its public key; '
      + 'keep the file and the password: without both the share held for it cannot be opened.'),
    el('p', {}, el('label', { for: 'new-key-password' }, 'Password'), ' ', password, ' ', el('label', { for: 'new-key-password-again' }, 'again'), ' ', again, ' ', make),
    bar.root, status, result);
  make.addEventListener('click', () => runStep(make, status, async () => {
    if (password.value.length < 8) throw new Error('choose a password of at least 8 characters: it is all that protects the key file');
    if (password.value !== again.value) throw new Error('the two passwords differ: type the same password twice');
    const key = randomReleaseKey(systemRandom());
    try {
      say(status, 'info', 'Encrypting the key file (scrypt takes a few seconds)…');
      const text = await encryptKeystore(key, password.value, systemRandom(), { onProgress: (f) => bar.update(Math.round(f * 1000), 1000, 'encrypting the key file') });
      bar.finish('key file encrypted');
      password.value = again.value = '';
      const name = `unveil-release-key-${key.address.slice(2, 10).toLowerCase()}.json`;
      fill(result,
        el('p', {}, 'Public key for the artist: ', el('code', { id: 'random-key-public' }, `0x${toHex(key.publicKey)}`), ` (release key ${key.address})`),
        el('p', {}, el('a', { id: 'keystore-download', href: URL.createObjectURL(new Blob([text], { type: 'application/json' })), download: name }, `save ${name}`),
          ' and keep it with its password.'));
      say(status, 'ok', 'A release key was made: save its key file now, then give the artist the public key.');
    } finally {
      key.key.fill(0);
    }
  }));
}
