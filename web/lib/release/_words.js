// How the Java reference prints the values its sentences name (Instant, Duration, Wei,
// KeyholderPolicy.human, List.toString), so a page and the CLI word a finding alike.

/**
 * Java's Instant.toString of Unix seconds: 2026-12-01T00:00:00Z.
 * @param {number|bigint} seconds
 * @returns {string}
 */
export function instant(seconds) {
  return new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Java's Duration.toString of whole seconds: PT1H, PT24H, PT1M30S, PT0S.
 * @param {number|bigint} seconds
 * @returns {string}
 */
export function isoDuration(seconds) {
  const s = Number(seconds);
  if (s === 0) return 'PT0S';
  const h = Math.trunc(s / 3600), m = Math.trunc((s % 3600) / 60), r = s % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${r ? `${r}S` : ''}`;
}

/**
 * KeyholderPolicy.human: "90 days", "1 h 30 min", "45 s".
 * @param {number|bigint} seconds
 * @returns {string}
 */
export function human(seconds) {
  const s = Number(seconds);
  const days = Math.trunc(s / 86400), h = Math.trunc((s % 86400) / 3600), m = Math.trunc((s % 3600) / 60), r = s % 60;
  if (days > 0 && h === 0 && m === 0) return `${days} ${days === 1 ? 'day' : 'days'}`;
  const out = [];
  if (days > 0) out.push(`${days} d`);
  if (h > 0) out.push(`${h} h`);
  if (m > 0) out.push(`${m} min`);
  if (r > 0 || out.length === 0) out.push(`${r} s`);
  return out.join(' ');
}

/**
 * Wei.format: "1.5 ETH (1500000000000000000 wei)".
 * @param {bigint} wei
 * @returns {string}
 */
export function ether(wei) {
  const whole = wei / 10n ** 18n, frac = (wei % 10n ** 18n).toString().padStart(18, '0').replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''} ETH (${wei} wei)`;
}

/**
 * A list as Java's List.toString prints it: [2, 1].
 * @param {ArrayLike<unknown>} xs
 * @returns {string}
 */
export function list(xs) {
  return `[${Array.from(xs).join(', ')}]`;
}

/**
 * An address as the Java client prints it: lower-case 0x hex.
 * @param {string} a
 * @returns {string}
 */
export function addr(a) {
  return String(a).toLowerCase();
}
