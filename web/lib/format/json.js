// A strict JSON parser for manifests. JSON.parse keeps the last of duplicate keys and turns every
// number into a double, so a manifest with a repeated key or an integer above 2^53 would read as
// something else than its bytes say; this parser refuses duplicates (as Jackson's
// STRICT_DUPLICATE_DETECTION does for the Java reader) and keeps every number's text.

/** A JSON number that is not a safe integer: kept as text so the reader can say what it was. */
export class JsonNumber {
  /**
   * @param {string} text the number as written
   * @param {boolean} integral whether it has no fraction and no exponent
   */
  constructor(text, integral) {
    this.text = text;
    this.integral = integral;
  }
}

const MAX_DEPTH = 1000;
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const STRING_RUN = /[^"\\\u0000-\u001f]*/y;
const WS = /[ \t\n\r]*/y;

/**
 * Parses JSON text. Objects come back with a null prototype (so a key "__proto__" is a key);
 * safe integers as numbers, any other number as a JsonNumber; with `lexemes`, every number as a
 * JsonNumber (the hiring protocol's wire judges numbers as written: -0, 1.0 and 1e0 are refused).
 * @param {string} text
 * @param {{ lexemes?: boolean }} [options]
 * @returns {unknown}
 * @throws {SyntaxError} saying what is wrong and at which character
 */
export function parseJson(text, options = {}) {
  let i = 0;
  const fail = (/** @type {string} */ what) => {
    throw new SyntaxError(`${what} at character ${i}`);
  };
  const ws = () => {
    WS.lastIndex = i;
    WS.test(text);
    i = WS.lastIndex;
  };
  const string = () => {
    i++; // opening quote
    let s = '';
    for (;;) {
      STRING_RUN.lastIndex = i;
      STRING_RUN.test(text);
      s += text.slice(i, STRING_RUN.lastIndex);
      i = STRING_RUN.lastIndex;
      if (i >= text.length) fail('unterminated string');
      const c = text[i];
      if (c === '"') { i++; return s; }
      if (c !== '\\') fail('unescaped control character in a string');
      const e = text[i + 1];
      i += 2;
      switch (e) {
        case '"': s += '"'; break;
        case '\\': s += '\\'; break;
        case '/': s += '/'; break;
        case 'b': s += '\b'; break;
        case 'f': s += '\f'; break;
        case 'n': s += '\n'; break;
        case 'r': s += '\r'; break;
        case 't': s += '\t'; break;
        case 'u': {
          const hex = text.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) { i -= 2; fail('bad \\u escape'); }
          s += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default: i -= 2; fail('bad escape');
      }
    }
  };
  /** @returns {unknown} */
  const value = (/** @type {number} */ depth) => {
    if (depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH}`);
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const o = Object.create(null);
      ws();
      if (text[i] === '}') { i++; return o; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a string key');
        const at = i;
        const k = string();
        if (Object.prototype.hasOwnProperty.call(o, k)) { i = at; fail(`duplicate field '${k}'`); }
        ws();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        o[k] = value(depth + 1);
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return o; }
        fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const a = [];
      ws();
      if (text[i] === ']') { i++; return a; }
      for (;;) {
        a.push(value(depth + 1));
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return a; }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    if (text.startsWith('true', i)) { i += 4; return true; }
    if (text.startsWith('false', i)) { i += 5; return false; }
    if (text.startsWith('null', i)) { i += 4; return null; }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) fail(i >= text.length ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`);
    i = NUMBER.lastIndex;
    const integral = m[1] === undefined && m[2] === undefined;
    if (integral && !options.lexemes) {
      const n = Number(m[0]);
      if (Number.isSafeInteger(n)) return n === 0 ? 0 : n;
    }
    return new JsonNumber(m[0], integral);
  };
  const v = value(0);
  ws();
  if (i < text.length) fail('unexpected data after the JSON value');
  return v;
}
