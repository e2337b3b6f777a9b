// Where a page finds its chain, contracts and gateways: the URL fragment first (a release link
// carries `chain` and `release`; the demo's links also carry `rpc`, `factory` and `gateway`), then
// what this browser saved. The fragment never reaches a server, so links stay private to the page.

/**
 * @typedef {{ chainId?: number, rpc?: string, factory?: string, release?: string, gateways: string[], onlyGateways: boolean, dev: boolean }} Settings
 */

const KEY = 'unveil.settings.v1';

/**
 * The page's settings from `location.hash` over the saved ones.
 * @param {Location} location @param {Storage} [storage]
 * @returns {Settings}
 */
export function loadSettings(location, storage) {
  /** @type {any} */
  let saved = {};
  try { saved = JSON.parse(storage?.getItem(KEY) ?? '{}'); } catch { saved = {}; }
  const p = new URLSearchParams(location.hash.replace(/^#/, ''));
  const chain = p.get('chain') ?? saved.chainId;
  const gateways = p.getAll('gateway').length ? p.getAll('gateway') : (saved.gateways ?? []);
  /** @type {Settings} */
  const s = {
    chainId: chain !== undefined && chain !== null && chain !== '' ? Number(chain) : undefined,
    rpc: p.get('rpc') ?? saved.rpc,
    factory: p.get('factory') ?? saved.factory,
    release: p.get('release') ?? undefined,
    gateways: gateways.map(String),
    // only=1: fetch from the link's gateways alone, not also from the release's keyholders.
    onlyGateways: p.get('only') === '1',
    dev: p.get('dev') === '1',
  };
  if (s.chainId !== undefined && !(Number.isSafeInteger(s.chainId) && s.chainId > 0)) {
    throw new Error(`the link's chain "${chain}" is not a chain id: a release link looks like …#chain=1&release=0x…`);
  }
  if (s.release !== undefined && !/^0x[0-9a-fA-F]{40}$/.test(s.release)) {
    throw new Error(`the link's release "${s.release}" is not an address: a release link looks like …#chain=1&release=0x…`);
  }
  for (const g of s.gateways) {
    if (!/^https?:\/\//.test(g)) throw new Error(`the gateway "${g}" is not an http(s) URL`);
  }
  return s;
}

/**
 * Saves the network part of the settings (not the release) for the next visit.
 * @param {Settings} s @param {Storage} storage
 */
export function saveSettings(s, storage) {
  storage.setItem(KEY, JSON.stringify({ chainId: s.chainId, rpc: s.rpc, factory: s.factory, gateways: s.gateways }));
}

/**
 * A link to a page of the tool (relative, so it works under any IPFS path) with settings in its fragment.
 * @param {string} page e.g. 'fan.html' @param {Record<string, string|number|string[]|undefined>} params
 */
export function pageLink(page, params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) p.append(k, String(x));
  }
  return `${page}#${p.toString()}`;
}
