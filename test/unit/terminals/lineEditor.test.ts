import * as assert from 'node:assert/strict';
import { LineEditor } from '../../../src/terminals/lineEditor';

describe('line editor for text-protocol shells', () => {
  it('echoes typing and sends each line with CRLF on Enter', () => {
    const e = new LineEditor();
    assert.deepEqual(e.input('set k 0 0 5'), { echo: 'set k 0 0 5', send: [] });
    assert.deepEqual(e.input('\r'), { echo: '\r\n', send: ['set k 0 0 5\r\n'] });
    assert.deepEqual(e.input('hello\rget k\r').send, ['hello\r\n', 'get k\r\n']);
  });
  it('edits with Backspace and Ctrl+U, drops the line on Ctrl+C, ignores escape sequences', () => {
    const e = new LineEditor();
    e.input('gett');
    assert.equal(e.input('\x7f').echo, '\b \b');
    assert.deepEqual(e.input(' k\r').send, ['get k\r\n']);
    e.input('oops');
    e.input('\x15');
    assert.deepEqual(e.input('version\r').send, ['version\r\n']);
    e.input('half');
    assert.deepEqual(e.input('\x03'), { echo: '^C\r\n', send: [] });
    assert.deepEqual(e.input('\x1b[A').send, []);
    assert.deepEqual(e.input('stats\r').send, ['stats\r\n']);
  });
});
