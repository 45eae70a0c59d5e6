// Configure AWS Profile's writes, on real files: through a link to where it leads, never over a change made since the
// diff was shown (two writers at once both end up in the file), copied aside first, mode kept.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { currentBytes, writeIfUnchanged } from '../../../src/platform/guardedWrite';
import { setIniSection } from '../../../src/protocol/handOff';

describe('writing a file the user was shown a change to', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-guarded-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const withProfile = (bytes: Buffer | undefined, name: string) =>
    Buffer.from(setIniSection(bytes?.toString('latin1') ?? '', `profile ${name}`, { region: 'us-east-1' }), 'latin1');

  it('writes through a link to the file it leads to; the link stays a link; a copy is made first; the mode is kept', async () => {
    const real = path.join(dir, 'dotfiles', 'aws-config');
    fs.mkdirSync(path.dirname(real));
    fs.writeFileSync(real, '[default]\r\nregion = eu-west-1\r\n', { mode: 0o640 });
    fs.chmodSync(real, 0o640);
    const link = path.join(dir, 'config');
    fs.symlinkSync(real, link);
    const before = fs.readFileSync(real);
    const after = withProfile(before, 'fakecloud');
    const out = await writeIfUnchanged([{ file: link, before, after }], 'stamp');
    assert.ok('written' in out);
    assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the link is still a link');
    assert.deepEqual(fs.readFileSync(real), after);
    assert.equal(fs.statSync(real).mode & 0o777, 0o640);
    assert.deepEqual(fs.readFileSync(`${real}.bak-stamp`), before);
    // A link to a file not made yet: the file is made where it leads.
    const dangling = path.join(dir, 'credentials');
    fs.symlinkSync(path.join(dir, 'dotfiles', 'aws-credentials'), dangling);
    assert.ok('written' in (await writeIfUnchanged([{ file: dangling, before: undefined, after: Buffer.from('[x]\n') }], 's2')));
    assert.equal(fs.readFileSync(path.join(dir, 'dotfiles', 'aws-credentials'), 'utf8'), '[x]\n');
    assert.ok(fs.lstatSync(dangling).isSymbolicLink());
  });

  it('a file changed since it was shown is not written over; two writers at once both land, the second after a new look', async () => {
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, '[default]\nregion = eu-west-1\n');
    const shown = fs.readFileSync(file);
    // Two windows read the same file and each adds its own profile.
    const [a, b] = await Promise.all([
      writeIfUnchanged([{ file, before: shown, after: withProfile(shown, 'one') }], 'a'),
      writeIfUnchanged([{ file, before: shown, after: withProfile(shown, 'two') }], 'b'),
    ]);
    const outcomes = [a, b].map((o) => ('written' in o ? 'written' : 'changed')).sort();
    assert.deepEqual(outcomes, ['changed', 'written']);
    // The one refused looks again at what the file holds now, and writes.
    const now = await currentBytes(file);
    const loser = 'changed' in a ? 'one' : 'two';
    assert.ok('written' in (await writeIfUnchanged([{ file, before: now, after: withProfile(now, loser) }], 'c')));
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /\[profile one\]/);
    assert.match(text, /\[profile two\]/);
    // Shown before a change: refused, and the file is as the other writer left it.
    fs.writeFileSync(file, 'changed by hand\n');
    const refused = await writeIfUnchanged([{ file, before: now, after: Buffer.from('x') }], 'd');
    assert.deepEqual(refused, { changed: [file] });
    assert.equal(fs.readFileSync(file, 'utf8'), 'changed by hand\n');
    assert.ok(!fs.readdirSync(dir).some((f) => f.includes('fakecloud-lock') || f.includes('.tmp-')), 'no lock or temporary file left');
  });
});
