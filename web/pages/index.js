// The landing page: what the tool does, and a way to open a release link.
import { startPage } from '../ui/chrome.js';
import { el, say } from '../ui/dom.js';
import { pageLink } from '../ui/settings.js';

const session = await startPage('Unveil');
const { settings, main } = session;
const keep = { chain: settings.chainId, rpc: settings.rpc, factory: settings.factory, gateway: settings.gateways };
const input = /** @type {HTMLInputElement} */ (el('input', { id: 'release-address', type: 'text', size: '44', placeholder: '0x… release address', autocomplete: 'off' }));
const messages = el('div');
main.append(
  el('p', {}, 'Unveil releases a work with no label or platform in between: the archive is on IPFS, the money in a contract, the key with keyholders who publish it only when the release is funded.'),
  el('section', {},
    el('h2', {}, 'What do you want to do?'),
    el('ul', {},
      el('li', {}, el('a', { href: pageLink('artist.html', keep) }, 'Release a work'), ': pick files and previews, hire keyholder bots, pack in the browser, create the release.'),
      el('li', {}, el('a', { href: pageLink('fan.html', keep) }, 'Look at a release'), ': previews, the checks, pledge, refund, and after release decrypt the work.'),
      el('li', {}, el('a', { href: pageLink('keyholder.html', keep) }, 'Keyholders and anyone'), ': enrol and publish a share with your wallet, accuse a leak, settle, claim.'))),
  el('section', {},
    el('h2', {}, 'Open a release'),
    el('form', { id: 'open-release', onsubmit: (/** @type {Event} */ e) => {
      e.preventDefault();
      const v = input.value.trim();
      if (!/^0x[0-9a-fA-F]{40}$/.test(v)) { say(messages, 'error', `"${v}" is not a release address: it looks like 0x followed by 40 hex digits`); return; }
      if (!settings.chainId) { say(messages, 'error', 'no chain chosen: open the release link you were given (it names the chain), or add #chain=ID&rpc=URL to this address'); return; }
      location.href = pageLink('fan.html', { ...keep, release: v });
    } },
    el('label', { for: 'release-address' }, 'Release address'), input, ' ', el('button', { type: 'submit', class: 'primary' }, 'Open'), messages)),
);
