// What a release is paid in: ETH, or the ERC-20 token its terms name. The token's symbol and
// decimals come from the token itself, to show amounts as people read them and to parse what they
// type; both are optional in ERC-20, so a token without them is shown in base units, named by address.
import { erc20Abi, formatUnits, parseUnits, getAddress, zeroAddress } from '../../vendor/viem.js';
import { ChainError } from './release.js';

/**
 * @typedef {object} Unit
 * @property {string} token the token's address; the zero address for ETH
 * @property {string} symbol what an amount is followed by ("ETH", "USDC", or "base units of 0x…")
 * @property {number} decimals base units per whole unit, as a power of ten
 */

/** @type {Readonly<Unit>} */
export const ETH = Object.freeze({ token: zeroAddress, symbol: 'ETH', decimals: 18 });

/**
 * The unit of `token` (a release's `params.token`).
 * @param {any} client viem public client
 * @param {string} token
 * @returns {Promise<Unit>}
 */
export async function paymentUnit(client, token) {
  if (BigInt(token) === 0n) return ETH;
  const address = getAddress(token);
  const read = (/** @type {'symbol'|'decimals'} */ functionName) => client.readContract({ address, abi: erc20Abi, functionName }).catch(() => null);
  const [symbol, decimals] = await Promise.all([read('symbol'), read('decimals')]);
  // A symbol that reads as ETH (or is no plain word) would pass a token off as ether: named by address then.
  const plain = typeof symbol === 'string' && /^[\w.$-]{1,16}$/.test(symbol) && symbol.toUpperCase() !== 'ETH';
  if (typeof decimals !== 'number' || decimals > 36) return { token: address, symbol: `base units of token ${address}`, decimals: 0 };
  return { token: address, symbol: plain ? symbol : `token ${address}`, decimals };
}

/**
 * `amount` base units as a person reads them: "1.5 ETH", "250 USDC".
 * @param {bigint} amount @param {Unit} unit
 */
export function formatAmount(amount, unit) {
  return `${formatUnits(amount, unit.decimals)} ${unit.symbol}`;
}

/**
 * What a person typed ("0.25") as base units; refuses anything but a plain decimal with at most
 * the unit's decimals (viem's parseUnits would round the rest away, silently).
 * @param {string} text @param {Unit} unit
 * @returns {bigint}
 * @throws {RangeError} naming what is wrong
 */
export function parseAmount(text, unit) {
  const t = text.trim();
  const m = /^(\d+)(?:\.(\d*))?$|^\.(\d+)$/.exec(t);
  if (!m) throw new RangeError(`"${text}" is not an amount of ${unit.symbol}: write digits with at most one decimal point, e.g. 0.25`);
  const fraction = m[2] ?? m[3] ?? '';
  if (fraction.length > unit.decimals) throw new RangeError(`"${text}" has ${fraction.length} decimals; ${unit.symbol} has ${unit.decimals}`);
  return parseUnits(t.startsWith('.') ? `0${t}` : t, unit.decimals);
}

/**
 * What `account` holds in `unit`.
 * @param {any} client viem public client @param {Unit} unit @param {string} account
 * @returns {Promise<bigint>}
 */
export async function balanceOf(client, unit, account) {
  try {
    if (unit.token === zeroAddress) return await client.getBalance({ address: getAddress(account) });
    return await client.readContract({ address: unit.token, abi: erc20Abi, functionName: 'balanceOf', args: [getAddress(account)] });
  } catch (e) {
    throw new ChainError(`could not read the balance of ${account} in ${unit.symbol}: ${e instanceof Error ? e.message : e}`, 'rpc', e);
  }
}

/**
 * Refuses, before anything is signed, a payment `account` cannot make.
 * @param {any} client @param {Unit} unit @param {string} account @param {bigint} needed @param {string} what e.g. "this pledge"
 * @throws {ChainError} code 'balance'
 */
export async function requireBalance(client, unit, account, needed, what) {
  const has = await balanceOf(client, unit, account);
  if (has < needed) {
    throw new ChainError(`your account ${getAddress(account)} holds ${formatAmount(has, unit)}; ${what} needs ${formatAmount(needed, unit)}: nothing was sent`, 'balance');
  }
}
