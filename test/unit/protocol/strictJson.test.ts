// JSON as typed: numbers keep their text, a key given twice is an error, and errors say where.
import * as assert from 'node:assert/strict';
import { readJson } from '../../../src/protocol/strictJson';

describe('strict JSON', () => {
  it('keeps numbers as typed and strings as decoded', () => {
    assert.deepEqual(readJson(' {"n": 12345678901234567890, "f": 1.50, "s": "a\\u0001\\n\\"", "l": [true, null]} '), {
      value: {
        t: 'object',
        entries: [
          ['n', { t: 'number', raw: '12345678901234567890' }],
          ['f', { t: 'number', raw: '1.50' }],
          ['s', { t: 'string', value: 'a\u0001\n"' }],
          [
            'l',
            {
              t: 'array',
              items: [{ t: 'boolean', value: true }, { t: 'null' }],
            },
          ],
        ],
      },
    });
    assert.deepEqual(readJson('"\\ud83d\\ude00"'), { value: { t: 'string', value: '😀' } });
  });

  it('refuses what JSON.parse would accept silently or a store would change, saying where', () => {
    assert.deepEqual(readJson('{\n  "a": 1,\n  "a": 2\n}'), { error: 'the key "a" is given twice at line 3, column 3' });
    assert.match((readJson('"\\ud800"') as { error: string }).error, /surrogate/);
    assert.match((readJson('"a\tb"') as { error: string }).error, /control character/);
    assert.match((readJson('[1, 2') as { error: string }).error, /"," or "]" expected at line 1, column 6/);
    assert.match((readJson('01') as { error: string }).error, /more after the end/);
    assert.match((readJson('') as { error: string }).error, /ends where a value was expected/);
    assert.match((readJson('[1] x') as { error: string }).error, /more after the end of the value at line 1, column 5/);
    assert.match((readJson('{"a" 1}') as { error: string }).error, /":" expected/);
    assert.match((readJson('"\\x41"') as { error: string }).error, /unknown escape/);
    assert.match((readJson('['.repeat(600) + ']'.repeat(600)) as { error: string }).error, /nesting too deep/);
  });
});
