// JSON read as a person typed it, for documents that are written back to a store: numbers keep their text (no
// rounding through a double), a key given twice in one object is an error (not "the last one wins"), and every
// error names its line and column. Pure.

export type JsonNode =
  | { t: 'object'; entries: [string, JsonNode][] }
  | { t: 'array'; items: JsonNode[] }
  | { t: 'string'; value: string }
  | { t: 'number'; raw: string }
  | { t: 'boolean'; value: boolean }
  | { t: 'null' };

export type JsonRead = { value: JsonNode } | { error: string };

class JsonError extends Error {}

/** Nesting deeper than this is refused rather than risking the stack. */
const MAX_DEPTH = 512;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function readJson(text: string): JsonRead {
  let i = 0;
  const where = (at: number) => {
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    return `line ${line}, column ${at - before.lastIndexOf('\n')}`;
  };
  const fail = (what: string, at = i): never => {
    throw new JsonError(`${what} at ${where(at)}`);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    let out = '';
    for (;;) {
      if (i >= text.length) fail('a string that is not closed', start);
      const ch = text[i];
      if (ch === '"') {
        i++;
        break;
      }
      if (ch === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('a \\u escape needs four hex digits');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (e !== undefined && e in ESCAPES) {
          out += ESCAPES[e];
          i += 2;
        } else fail(`an unknown escape \\${e ?? ''}`);
        continue;
      }
      if (ch < ' ') fail('a control character in a string (write it as an escape, such as \\n or \\u0001)');
      out += ch;
      i++;
    }
    // Half of a surrogate pair has no UTF-8 form: stored, it would silently become U+FFFD.
    if (LONE_SURROGATE.test(out)) fail('a string with half of a \\uD800–\\uDFFF surrogate pair, which UTF-8 cannot hold', start);
    return out;
  };
  const value = (depth: number): JsonNode => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    space();
    const ch = text[i];
    if (ch === '{') {
      i++;
      const entries: [string, JsonNode][] = [];
      const seen = new Set<string>();
      space();
      if (text[i] === '}') {
        i++;
        return { t: 'object', entries };
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail('a key in double quotes expected');
        const at = i;
        const key = str();
        if (seen.has(key)) fail(`the key ${JSON.stringify(key)} is given twice`, at);
        seen.add(key);
        space();
        if (text[i] !== ':') fail('":" expected');
        i++;
        entries.push([key, value(depth + 1)]);
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { t: 'object', entries };
        }
        fail('"," or "}" expected');
      }
    }
    if (ch === '[') {
      i++;
      const items: JsonNode[] = [];
      space();
      if (text[i] === ']') {
        i++;
        return { t: 'array', items };
      }
      for (;;) {
        items.push(value(depth + 1));
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { t: 'array', items };
        }
        fail('"," or "]" expected');
      }
    }
    if (ch === '"') return { t: 'string', value: str() };
    for (const [word, node] of [
      ['true', { t: 'boolean', value: true }],
      ['false', { t: 'boolean', value: false }],
      ['null', { t: 'null' }],
    ] as const)
      if (text.startsWith(word, i)) {
        i += word.length;
        return node;
      }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m) {
      i += m[0].length;
      return { t: 'number', raw: m[0] };
    }
    return fail(i >= text.length ? 'the text ends where a value was expected' : `unexpected ${JSON.stringify(ch)}`);
  };
  try {
    const v = value(0);
    space();
    if (i < text.length) fail('more after the end of the value');
    return { value: v };
  } catch (err) {
    if (err instanceof JsonError) return { error: err.message };
    throw err;
  }
}
