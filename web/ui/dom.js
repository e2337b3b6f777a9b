// The few DOM helpers every page uses: building elements, progress bars, messages.

/**
 * An element with attributes (strings; `on*` functions become listeners) and children (strings
 * become text nodes, so nothing is ever parsed as HTML).
 * @param {string} tag
 * @param {Record<string, any>} [attrs]
 * @param {...(Node|string|null|undefined|false)} children
 * @returns {HTMLElement}
 */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else if (v === true) e.setAttribute(k, '');
    else e.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

/**
 * Replaces `parent`'s children with those given, skipping null, undefined and false (the DOM's own
 * replaceChildren would show them as text).
 * @param {Element} parent @param {...(Node|string|null|undefined|false)} children
 */
export function fill(parent, ...children) {
  parent.replaceChildren(.../** @type {(Node|string)[]} */ (children.filter((c) => c !== null && c !== undefined && c !== false)));
}

/**
 * A labelled progress bar with a line of text under it; `update(done, total, text)`.
 * @param {string} label what the bar measures (read by screen readers)
 */
export function progressBar(label) {
  const bar = /** @type {HTMLProgressElement} */ (el('progress', { max: '1', value: '0', 'aria-label': label }));
  const text = el('span', { class: 'progress-text', 'aria-live': 'polite' });
  const root = el('div', { class: 'progress' }, bar, text);
  let last = 0;
  return {
    root,
    /** @param {number} done @param {number} total @param {string} [line] */
    update(done, total, line) {
      const now = performance.now();
      if (now - last < 100 && done < total) return; // a DOM update per 100 ms is plenty, and cheap
      last = now;
      bar.max = Math.max(total, 1);
      bar.value = Math.min(done, total);
      text.textContent = line ?? `${formatBytes(done)} of ${formatBytes(total)}`;
    },
    /** @param {string} line */
    finish(line) { bar.max = 1; bar.value = 1; text.textContent = line; },
  };
}

/**
 * Bytes as a short human figure (KiB, MiB, GiB).
 * @param {number} n
 */
export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024, u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}

/**
 * Shows a message in a page's message area: `kind` is 'error' (role=alert), 'ok' or 'info'.
 * @param {HTMLElement} area @param {'error'|'ok'|'info'|'warning'} kind @param {string} text
 */
export function say(area, kind, text) {
  const m = el('p', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
  area.replaceChildren(m);
  return m;
}

/**
 * Runs an async step from a button: disables it while running, and reports a thrown error in
 * `area` (the error's message says what to do; nothing is swallowed).
 * @param {HTMLButtonElement} button @param {HTMLElement} area @param {() => Promise<void>} step
 */
export async function runStep(button, area, step) {
  button.disabled = true;
  try {
    await step();
  } catch (e) {
    console.error(e);
    say(area, 'error', e instanceof Error ? e.message : String(e));
  } finally {
    button.disabled = false;
  }
}

/**
 * Wei as ETH text, without rounding away small amounts.
 * @param {bigint} wei
 */
export function formatEth(wei) {
  const neg = wei < 0n; if (neg) wei = -wei;
  const whole = wei / 10n ** 18n, frac = (wei % 10n ** 18n).toString().padStart(18, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${frac ? '.' + frac : ''} ETH`;
}

/**
 * A Unix time as local date and time, with how far away it is.
 * @param {number} seconds @param {number} now chain time, seconds
 */
export function formatTime(seconds, now) {
  const d = new Date(seconds * 1000);
  const delta = seconds - now;
  const rel = Math.abs(delta) < 90 ? `${Math.round(Math.abs(delta))} s` : Math.abs(delta) < 5400 ? `${Math.round(Math.abs(delta) / 60)} min`
    : Math.abs(delta) < 172800 ? `${Math.round(Math.abs(delta) / 3600)} h` : `${Math.round(Math.abs(delta) / 86400)} days`;
  return `${d.toLocaleString()} (${delta >= 0 ? 'in ' + rel : rel + ' ago'})`;
}
