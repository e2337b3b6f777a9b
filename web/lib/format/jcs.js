// RFC 8785 (JCS) for the value domain manifests use: objects, arrays, strings, booleans, null and
// safe integers. Without fractions and exponents JCS needs no ECMAScript number formatting beyond
// decimal integers, so this mirrors org.unveil.archive.internal.Jcs byte for byte.

/**
 * The canonical JSON text of a value (serialise with utf8() for the canonical bytes). Object keys
 * sort by UTF-16 code units, which is JavaScript's default string order. Properties whose value
 * is undefined are left out, as JSON.stringify does.
 * @param {unknown} value null, boolean, string, safe integer, array or plain object of those
 * @returns {string}
 * @throws {TypeError} for a number that is not a safe integer, a lone surrogate, or another type
 */
export function canonicalJson(value) {
  /** @type {string[]} */
  const out = [];
  write(out, value);
  return out.join('');
}

/**
 * @param {string[]} out
 * @param {unknown} v
 */
function write(out, v) {
  if (v === null) {
    out.push('null');
  } else if (typeof v === 'string') {
    out.push(quote(v));
  } else if (typeof v === 'boolean') {
    out.push(v ? 'true' : 'false');
  } else if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new TypeError(`number ${v} is not an integer in the JSON-safe range; use a decimal string`);
    out.push(String(v === 0 ? 0 : v)); // -0 is written 0, as JCS says
  } else if (Array.isArray(v)) {
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(',');
      if (v[i] === undefined) throw new TypeError(`array element ${i} is undefined; JSON has no such value`);
      write(out, v[i]);
    }
    out.push(']');
  } else if (isPlainObject(v)) {
    const o = /** @type {Record<string, unknown>} */ (v);
    const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
    out.push('{');
    for (let i = 0; i < keys.length; i++) {
      if (i > 0) out.push(',');
      out.push(quote(keys[i]), ':');
      write(out, o[keys[i]]);
    }
    out.push('}');
  } else {
    throw new TypeError(`JCS cannot serialise a ${v === undefined ? 'undefined' : typeof v === 'object' ? v.constructor?.name ?? 'object' : typeof v}`);
  }
}

/**
 * @param {unknown} v
 * @returns {v is Record<string, unknown>}
 */
function isPlainObject(v) {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const ESCAPES = /** @type {Record<string, string>} */ ({ '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' });
// Characters JCS escapes, and lone surrogates (which it refuses).
const SPECIAL = /["\\\u0000-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * @param {string} s
 * @returns {string}
 */
function quote(s) {
  return '"' + s.replace(SPECIAL, (c, index) => {
    if (ESCAPES[c]) return ESCAPES[c];
    const code = c.charCodeAt(0);
    if (code < 0x20) return '\\u' + code.toString(16).padStart(4, '0');
    throw new TypeError(`string has an unpaired surrogate at index ${index}; JCS requires valid Unicode`);
  }) + '"';
}
