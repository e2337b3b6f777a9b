// What every page has: the header (page links, the network, the wallet picker), the banner that
// marks the dev wallet, and the page's session (settings, a read client, the connected wallet).
import { el, say } from './dom.js';
import { loadSettings, saveSettings, pageLink } from './settings.js';
import { discoverWallets } from './wallet.js';
import { readClient, walletClient } from '../lib/chain/release.js';

/**
 * @typedef {import('./wallet.js').Wallet} Wallet
 * @typedef {{ settings: import('./settings.js').Settings, client: any, messages: HTMLElement,
 *   main: HTMLElement, connect: () => Promise<{ wallet: Wallet, client: any, address: string }>,
 *   connected: () => ({ wallet: Wallet, client: any, address: string } | null) }} Session
 */

/**
 * Builds the page's header and session. Errors in the settings are shown, not thrown.
 * @param {string} title the page's title
 * @returns {Promise<Session>}
 */
export async function startPage(title) {
  const messages = el('div', { class: 'messages', id: 'messages' });
  const main = /** @type {HTMLElement} */ (document.querySelector('main'));
  /** @type {import('./settings.js').Settings} */
  let settings = { gateways: [], onlyGateways: false, dev: false };
  try {
    settings = loadSettings(location, localStorage);
    saveSettings(settings, localStorage);
  } catch (e) {
    say(messages, 'error', e instanceof Error ? e.message : String(e));
  }
  const keep = { chain: settings.chainId, rpc: settings.rpc, factory: settings.factory, gateway: settings.gateways };
  const nav = el('nav', { 'aria-label': 'pages' },
    el('a', { href: pageLink('index.html', keep) }, 'Unveil'),
    el('a', { href: pageLink('artist.html', keep) }, 'Artist'),
    el('a', { href: pageLink('fan.html', { ...keep, release: settings.release }) }, 'Fan'),
    el('a', { href: pageLink('keyholder.html', { ...keep, release: settings.release }) }, 'Keyholder'));
  const network = el('span', { class: 'network' },
    settings.chainId ? `chain ${settings.chainId}${settings.rpc ? ' via ' + settings.rpc : ''}` : 'no network chosen');
  const walletArea = el('span', { class: 'wallet' });
  const banner = el('div', { class: 'dev-banner', role: 'note', hidden: true },
    'DEV WALLET: signing with a public Hardhat test key. Local network only; never send real funds to it.');
  document.body.prepend(el('header', {}, nav, el('h1', {}, title), network, walletArea), banner);
  main.prepend(messages);

  let client = null;
  if (settings.rpc) client = readClient({ rpc: settings.rpc });

  /** @type {{ wallet: Wallet, client: any, address: string } | null} */
  let current = null;
  const wallets = await discoverWallets({ window, chainId: settings.chainId, rpc: settings.rpc });
  const picker = /** @type {HTMLSelectElement} */ (el('select', { id: 'wallet-picker' },
    ...wallets.map((w, i) => el('option', { value: String(i) }, w.info.name))));
  const connectButton = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', id: 'connect' }, 'Connect wallet'));
  if (wallets.length === 0) {
    walletArea.append(el('span', { class: 'no-wallet' },
      'No wallet found: install a browser wallet (any EIP-6963 wallet) to sign; reading works without one.'));
  } else {
    walletArea.append(el('label', { for: 'wallet-picker' }, 'Wallet '), picker, connectButton);
  }

  async function connect() {
    if (current) return current;
    if (wallets.length === 0) throw new Error('no wallet: install a browser wallet (EIP-6963) and reload the page');
    if (!settings.chainId) throw new Error('no chain chosen: open a release link, or add #chain=ID&rpc=URL to the address');
    const wallet = wallets[Number(picker.value)];
    const wc = await walletClient(wallet.provider, settings.chainId);
    current = { wallet, client: wc, address: wc.account.address };
    banner.hidden = !wallet.dev;
    connectButton.textContent = `Connected ${current.address.slice(0, 8)}…`;
    picker.disabled = true;
    if (!client) client = readClient({ provider: wallet.provider });
    return current;
  }
  connectButton.addEventListener('click', () => connect().catch((e) => say(messages, 'error', e.message)));
  // The dev wallet is marked before it is used: choosing it shows the banner.
  picker.addEventListener('change', () => { banner.hidden = !wallets[Number(picker.value)]?.dev; });
  banner.hidden = !wallets[Number(picker.value)]?.dev;

  return {
    settings, messages, main,
    get client() { return client; },
    connect,
    connected: () => current,
  };
}
