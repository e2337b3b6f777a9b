// Drives Debian's Chromium (never a downloaded browser) with playwright-core for the browser
// tests: a page per test with a test wallet announced through EIP-6963 and backed by a Hardhat
// dev key in Node (so the page's real wallet path is what runs), every console error and page
// error collected, screenshots, and the basic accessibility checks every page must pass.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWalletClient, createPublicClient, http, hexToBigInt, getAddress, hashTypedData, hexToBytes, bytesToHex } from 'viem';
import { secp256k1 } from '../../vendor/noble.js';
import { privateKeyToAccount } from 'viem/accounts';

const here = dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = join(here, '..', '..', 'test-out', 'screenshots');
const CHROMIUM = process.env.UNVEIL_CHROMIUM ?? '/usr/bin/chromium';

/**
 * The running network the tests use (written by `scripts/demo --keep`: demo-out/network.json).
 * @returns {{ rpc: string, chainId: number, factory: string, gateway: string, web: string, webCid: string,
 *   devAccounts: {address: string, privateKey: string}[], album: any, single: any, ep: any, bots: string[], media: string }}
 */
export function network() {
  const file = process.env.UNVEIL_NETWORK ?? join(here, '..', '..', '..', 'demo-out', 'network.json');
  if (!existsSync(file)) throw new Error(`no running network at ${file}: start one with \`scripts/demo --keep\` (or set UNVEIL_NETWORK)`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Debian's Chromium, headless, with nothing reaching outside this machine. */
export async function launch() {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run scripts/setup (it installs Debian's chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
}

/**
 * A page with the test wallet for dev account `account` (or none), collecting errors.
 * @param {import('playwright-core').Browser} browser
 * @param {{ rpc?: string, privateKey?: string, rejectSignatures?: boolean, randomSignatures?: boolean, chainIdOverride?: number }} [wallet]
 */
export async function openPage(browser, wallet) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  if (wallet?.privateKey) {
    const account = privateKeyToAccount(/** @type {`0x${string}`} */ (wallet.privateKey));
    const transport = http(wallet.rpc);
    const pub = createPublicClient({ transport });
    const chainId = await pub.getChainId();
    const client = createWalletClient({ account, transport, chain: /** @type {any} */ ({ id: chainId, name: 'test', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [wallet.rpc] } } }) });
    await page.exposeFunction('__unveilTestWallet', async (method, params) => {
      switch (method) {
        case 'eth_requestAccounts': case 'eth_accounts': return [account.address];
        case 'eth_chainId': return `0x${(wallet.chainIdOverride ?? chainId).toString(16)}`;
        case 'eth_sendTransaction': {
          const tx = params[0];
          return client.sendTransaction(/** @type {any} */ ({ to: tx.to, data: tx.data, value: tx.value ? hexToBigInt(tx.value) : undefined, gas: tx.gas ? hexToBigInt(tx.gas) : undefined }));
        }
        case 'eth_signTypedData_v4': {
          if (wallet.rejectSignatures) throw Object.assign(new Error('User rejected the request.'), { code: 4001 });
          const typed = JSON.parse(params[1]);
          if (getAddress(params[0]) !== account.address) throw new Error(`test wallet holds ${account.address}`);
          const { EIP712Domain, ...types } = typed.types;
          if (wallet.randomSignatures) {
            // A wallet that hedges its nonces (RFC 6979 plus fresh entropy): valid signatures, never the same twice.
            const hash = hexToBytes(hashTypedData({ domain: typed.domain, types, primaryType: typed.primaryType, message: typed.message }));
            const rec = secp256k1.sign(hash, hexToBytes(/** @type {`0x${string}`} */ (wallet.privateKey)), { prehash: false, lowS: true, format: 'recovered', extraEntropy: true });
            return bytesToHex(new Uint8Array([...rec.subarray(1), 27 + rec[0]]));
          }
          return account.signTypedData({ domain: typed.domain, types, primaryType: typed.primaryType, message: typed.message });
        }
        default: return pub.request({ method, params });
      }
    });
    await page.addInitScript(() => {
      const w = /** @type {any} */ (window);
      const provider = {
        async request({ method, params }) {
          try { return await w.__unveilTestWallet(method, params ?? []); } catch (e) {
            const m = String(e?.message ?? e);
            throw Object.assign(new Error(m), { code: /rejected/i.test(m) ? 4001 : -32603 });
          }
        },
        on() {}, removeListener() {},
      };
      const detail = Object.freeze({ info: { uuid: '7f1c4a52-0c1e-4b7e-9d0c-test-wallet', name: 'Test Wallet', icon: 'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg"/>', rdns: 'org.unveil.test-wallet' }, provider });
      const announce = () => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail }));
      window.addEventListener('eip6963:requestProvider', announce);
      announce();
    });
  }
  return { page, context, errors };
}

/**
 * A full-page screenshot to web/test-out/screenshots/NAME.png, after checking the page shows no
 * error message other than those `expectedErrors` match.
 * @param {import('playwright-core').Page} page @param {string} name @param {RegExp[]} [expectedErrors]
 */
export async function screenshot(page, name, expectedErrors = []) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const shown = await page.locator('.message.error:visible, [role=alert]:visible').allInnerTexts();
  const unexpected = shown.filter((t) => !expectedErrors.some((r) => r.test(t)));
  if (unexpected.length) throw new Error(`page ${name} shows errors: ${unexpected.join(' | ')}`);
  return shown;
}

/**
 * Basic accessibility: every form control has a label, every button and link a name, images an
 * alt, one h1; and the controls can be reached with the keyboard (Tab).
 * @param {import('playwright-core').Page} page
 */
export async function checkAccessibility(page) {
  const problems = await page.evaluate(() => {
    const out = [];
    for (const c of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
      const id = c.getAttribute('id');
      const labelled = c.getAttribute('aria-label') || c.getAttribute('aria-labelledby') || c.closest('label')
        || (id && document.querySelector(`label[for="${CSS.escape(id)}"]`));
      if (!labelled) out.push(`control without a label: ${c.outerHTML.slice(0, 120)}`);
    }
    for (const b of document.querySelectorAll('button, a[href]')) {
      if (!(b.textContent ?? '').trim() && !b.getAttribute('aria-label')) out.push(`unnamed ${b.tagName.toLowerCase()}: ${b.outerHTML.slice(0, 120)}`);
    }
    for (const i of document.querySelectorAll('img')) if (!i.hasAttribute('alt')) out.push(`image without alt: ${i.outerHTML.slice(0, 120)}`);
    if (document.querySelectorAll('h1').length !== 1) out.push(`${document.querySelectorAll('h1').length} h1 elements, not 1`);
    if (!document.documentElement.lang) out.push('no lang on <html>');
    return out;
  });
  // Keyboard: Tab from the top must reach every enabled button that is visible.
  const buttons = await page.locator('button:visible:enabled').count();
  const reached = new Set();
  for (let i = 0; i < 400 && reached.size < buttons; i++) {
    await page.keyboard.press('Tab');
    const index = await page.evaluate(() => {
      const a = document.activeElement;
      return a && a.tagName === 'BUTTON' ? [...document.querySelectorAll('button')].indexOf(/** @type {HTMLButtonElement} */ (a)) : -1;
    });
    if (index >= 0) reached.add(index);
  }
  if (reached.size < buttons) problems.push(`only ${reached.size} of ${buttons} visible buttons reachable with Tab`);
  return problems;
}
