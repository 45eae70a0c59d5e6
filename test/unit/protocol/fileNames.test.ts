// Names from labels, containers, servers and keys as file names of this machine: one segment that stays put.
import * as assert from 'node:assert/strict';
import { safeFileName } from '../../../src/protocol/fileNames';

describe('safe file names', () => {
  it('a name cannot climb out of its folder, on any platform', () => {
    for (const platform of ['linux', 'darwin', 'win32']) {
      for (const bad of ['../../victim', '..', '.', '...', 'a/b', 'a\\b', '/etc/passwd', '..\\..\\x']) {
        const safe = safeFileName(bad, platform);
        assert.ok(!/[/\\]/.test(safe) && !/^\.+$/.test(safe) && safe !== '', `${platform}: ${bad} → ${safe}`);
      }
    }
    assert.equal(safeFileName('../../victim', 'linux'), '.._.._victim');
    assert.equal(safeFileName('..', 'linux'), '__');
  });

  it('control characters and invisible marks become "_"; an empty name has a fallback', () => {
    assert.equal(safeFileName('a\nb\u0000c\u007f\u202ed', 'linux'), 'a_b_c__d');
    assert.equal(safeFileName('', 'linux'), 'download');
    assert.equal(safeFileName('', 'linux', 'cache'), 'cache');
  });

  it('on Windows: its forbidden characters, reserved device names and trailing dots and spaces', () => {
    assert.equal(safeFileName('a:b*c?.txt', 'win32'), 'a_b_c_.txt');
    assert.equal(safeFileName('a:b', 'linux'), 'a:b', 'a colon is a fine name elsewhere');
    for (const n of ['CON', 'nul.txt', 'com1', 'LPT9.log', 'conin$']) assert.equal(safeFileName(n, 'win32'), `_${n}`);
    assert.equal(safeFileName('console', 'win32'), 'console');
    assert.equal(safeFileName('name. ', 'win32'), 'name__');
  });

  it('fits 255 bytes without splitting a character', () => {
    const long = safeFileName('é'.repeat(200), 'linux');
    assert.ok(Buffer.byteLength(long) <= 255);
    assert.equal(long, 'é'.repeat(127));
    assert.equal(safeFileName('report.rdb', 'linux'), 'report.rdb');
    assert.notEqual(safeFileName('../x', 'linux'), '../x');
  });
});
