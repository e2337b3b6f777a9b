// A strict JSON reader for the hiring protocol's wire form (spec/keyholder-protocol.md section 3):
// JSON.parse keeps the last of duplicate names and turns 1.0 and 1e0 into 1, and the protocol must
// refuse all three, so numbers are kept as their lexemes and every object's names are checked.
// Bodies are at most 8 KiB, so a plain recursive descent is enough.

/** A JSON number as written: the reader decides what it may be. */
export class JsonNumber {
  /** @param {string} lexeme */
  constructor(lexeme) {
    this.lexeme = lexeme;
  }
}

/** A reason the text is not one strict JSON value. */
export class JsonSyntaxError extends Error {}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const WS = /[ \t\n\r]*/y;
const MAX_DEPTH = 16;

/**
 * Parses `text` as exactly one JSON value (RFC 8259): objects as plain objects without prototype,
 * numbers as {@link JsonNumber}. Refuses duplicate names and anything after the value.
 * @param {string} text
 * @returns {unknown}
 */
export function parseStrict(text) {
  let i = 0;
  const ws = () => { WS.lastIndex = i; WS.exec(text); i = WS.lastIndex; };
  /** @param {string} what @returns {never} */
  const fail = (what) => { throw new JsonSyntaxError(`${what} at character ${i}`); };
  /** @param {number} depth @returns {unknown} */
  const value = (depth) => {
    if (depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH}`);
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      /** @type {Record<string, unknown>} */
      const o = Object.create(null);
      ws();
      if (text[i] === '}') { i++; return o; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a name');
        const name = string();
        if (Object.prototype.hasOwnProperty.call(o, name)) fail(`duplicate name "${name}"`);
        ws();
        if (text[i++] !== ':') fail('expected ":"');
        o[name] = value(depth + 1);
        ws();
        const d = text[i++];
        if (d === '}') return o;
        if (d !== ',') fail('expected "," or "}"');
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
        const d = text[i++];
        if (d === ']') return a;
        if (d !== ',') fail('expected "," or "]"');
      }
    }
    if (c === '"') return string();
    if (text.startsWith('true', i)) { i += 4; return true; }
    if (text.startsWith('false', i)) { i += 5; return false; }
    if (text.startsWith('null', i)) { i += 4; return null; }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) fail('expected a JSON value');
    i = NUMBER.lastIndex;
    return new JsonNumber(m[0]);
  };
  const string = () => {
    STRING.lastIndex = i;
    const m = STRING.exec(text);
    if (!m) fail('invalid string');
    i = STRING.lastIndex;
    return /** @type {string} */ (JSON.parse(m[0]));
  };
  const v = value(0);
  ws();
  if (i !== text.length) fail('text after the JSON value');
  return v;
}
