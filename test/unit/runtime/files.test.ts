// The pure parts of Files: paths in a container, the listing script's output (GNU and BusyBox word stat alike),
// names in a downloaded tar that would leave their folder, tool errors as file-system errors, and the tree rows.
import * as assert from 'node:assert/strict';
import { containerPath, parseListing, parseStat, splitPath } from '../../../src/service/runtime/files/filePaths';
import { safeRelative } from '../../../src/service/runtime/files/localCopies';
import { fileErrorOf, viaShell } from '../../../src/service/runtime/files/resourceFiles';
import { entryNodes, filesAuthority, modeText, renderFileNode, sizeText } from '../../../src/views/fileNodes';

describe('files: pure parts', () => {
  it('paths are absolute and normalised; anything else is refused before an exec', () => {
    assert.equal(containerPath('/etc/../var//log/'), '/var/log');
    assert.equal(containerPath('/'), '/');
    assert.throws(() => containerPath('etc/passwd'), /not an absolute path/);
    assert.throws(() => containerPath('/etc/\0x'), /NUL/);
    assert.deepEqual(splitPath('/srv/app/a b.txt'), { dir: '/srv/app', name: 'a b.txt' });
    assert.throws(() => splitPath('/'), /root folder/);
  });

  it('reads a listing: folders first, links followed and marked, broken links kept, odd names whole', () => {
    const M = 'fcx0123456789abcdef';
    const rec = (l: string) => `${l}|${M}\n`;
    const out =
      'ok\n' +
      [
        'regular file|6|1700000000|644|0|0|hello.txt',
        'directory|4096|1700000000|755|0|0|srv',
        'regular empty file|0|1700000000|600|1000|1000|.hidden',
        'regular file|8|1700000000|644|0|0|a b|\'c".txt',
        // A name with a newline, and one that tries to pass for records of its own.
        'regular file|1|1700000000|644|0|0|two\nlines',
        'regular file|2|1700000000|644|0|0|x|fcx-forged\nregular file|9|1|644|0|0|fake',
        'directory|4096|1700000000|755|0|0|dlink',
        'character special file|0|1700000000|666|0|0|null',
        'not a stat line',
        '--fakecloud-links--',
        'dlink',
        'broken',
      ]
        .map(rec)
        .join('') +
      'cut off at the en';
    const r = parseListing(out, M);
    assert.equal(r.state, 'ok');
    if (r.state !== 'ok') return;
    assert.deepEqual(
      r.entries.map((e) => [e.name, e.kind, e.link ?? '', e.size, e.mode.toString(8)]),
      [
        ['dlink', 'directory', 'ok', 4096, '755'],
        ['srv', 'directory', '', 4096, '755'],
        ['.hidden', 'file', '', 0, '600'],
        ['a b|\'c".txt', 'file', '', 8, '644'],
        ['broken', 'file', 'broken', 0, '777'],
        ['hello.txt', 'file', '', 6, '644'],
        ['null', 'other', '', 0, '666'],
        ['two\nlines', 'file', '', 1, '644'],
        ['x|fcx-forged\nregular file|9|1|644|0|0|fake', 'file', '', 2, '644'],
      ],
    );
    assert.equal(r.entries.find((e) => e.name === '.hidden')?.uid, 1000);
    assert.equal(r.entries.find((e) => e.name === 'srv')?.mtime, 1_700_000_000_000);
    assert.deepEqual(parseListing('missing\n', M), { state: 'missing' });
    assert.deepEqual(parseListing('notdir\n', M), { state: 'notdir' });
    assert.deepEqual(parseListing('denied\n', M), { state: 'denied' });
    assert.throws(() => parseListing('sh: stat: not found\n', M), /could not be listed/);
  });

  it('reads one stat: a file, a link to one, a broken link, nothing there', () => {
    assert.equal(parseStat('/x', 'missing\n'), undefined);
    assert.deepEqual(parseStat('/etc/hosts', 'ok\nregular file|12|1700000000|644|0|0|/etc/hosts\n'), {
      name: 'hosts',
      kind: 'file',
      size: 12,
      mtime: 1_700_000_000_000,
      mode: 0o644,
      uid: 0,
      gid: 0,
    });
    assert.equal(parseStat('/l', 'ok\nregular file|1|1|644|0|0|/l\n--fakecloud-links--\n')?.link, 'ok');
    assert.equal(parseStat('/b', 'ok\nbroken\n--fakecloud-links--\n')?.link, 'broken');
  });

  it('a downloaded tar cannot write outside its folder', () => {
    const rel = (n: string, platform = 'linux') => safeRelative(n, platform)?.rel;
    assert.equal(rel('./app/a.txt'), 'app/a.txt');
    assert.equal(rel('app/'), 'app');
    assert.equal(rel('./'), '');
    for (const bad of ['../etc/passwd', '/etc/passwd', 'a/../../b', '..']) assert.equal(safeRelative(bad), undefined, bad);
    assert.equal(rel('a/../b'), 'b');
    // Each part a safe name of this machine: a backslash is no separator to climb out with, on Windows either.
    assert.deepEqual(safeRelative('dir/..\\..\\evil', 'win32'), { rel: 'dir/.._.._evil', renamed: true });
    assert.deepEqual(safeRelative('a\nb/c', 'linux'), { rel: 'a_b/c', renamed: true });
    assert.equal(rel('dir/nul.txt', 'win32'), 'dir/_nul.txt');
  });

  it('tools run through sh with their arguments as arguments; their failures become file-system errors', () => {
    assert.deepEqual(viaShell(['rm', '-f', '--', "/a b'c"]), ['sh', '-c', '"$@"', 'sh', 'rm', '-f', '--', "/a b'c"]);
    assert.deepEqual(viaShell(['sh', '-c', 'x']), ['sh', '-c', 'x']);
    const e = (stderr: string, code = 1) => fileErrorOf('/p', { code, stdout: '', stderr }, 'do it').code;
    assert.equal(e("rm: can't remove '/p': No such file or directory"), 'FileNotFound');
    assert.equal(e("mkdir: can't create directory '/p': File exists"), 'FileExists');
    assert.equal(e("rm: can't remove '/p': Permission denied"), 'NoPermissions');
    assert.equal(e("mkdir: can't create directory '/p': Read-only file system"), 'NoPermissions');
    assert.equal(e('mv: cannot move: Not a directory'), 'FileNotADirectory');
    assert.equal(e('something else', 2), 'Unavailable');
  });

  it('tree rows: the Files row, folders, files with sizes, links and broken links; files open on click', () => {
    const nodes = entryNodes('r1', '/srv', [
      { name: 'app', kind: 'directory', size: 4096, mtime: 0, mode: 0o755, uid: 0, gid: 0 },
      { name: 'big.bin', kind: 'file', size: 11 * 1024 * 1024, mtime: 1, mode: 0o644, uid: 0, gid: 0 },
      { name: 'gone', kind: 'file', link: 'broken', size: 0, mtime: 0, mode: 0o777, uid: 0, gid: 0 },
    ]);
    assert.deepEqual(
      nodes.map((n) => [n.type, n.path]),
      [
        ['fileDir', '/srv/app'],
        ['file', '/srv/big.bin'],
        ['file', '/srv/gone'],
      ],
    );
    const root = renderFileNode({ type: 'fileDir', resourceId: 'r1', path: '/' });
    assert.deepEqual(
      [root.label, root.description, root.contextValue, root.collapsible],
      ['Files', '/', 'fakecloudFiles dir root', 'collapsed'],
    );
    const [dir, big, gone] = nodes.map(renderFileNode);
    assert.deepEqual([dir.label, dir.iconId, dir.contextValue], ['app', 'folder', 'fakecloudFiles dir']);
    assert.deepEqual(
      [big.description, big.contextValue, big.command?.command],
      ['11.0 MB', 'fakecloudFiles file readable', 'fakecloud.openFile'],
    );
    assert.deepEqual([gone.description, gone.iconId, gone.command], ['broken link', 'warning', undefined]);
    assert.match(big.tooltipMarkdown ?? '', /Mode: rw-r--r-- · owner 0:0/);
    assert.equal(modeText(0o750), 'rwxr-x---');
    assert.equal(sizeText(512), '512 B');
    assert.equal(sizeText(1536), '1.5 KB');
    assert.equal(filesAuthority({ backend: 'docker', kind: 'instance', name: 'i-0abc' }), 'docker.instance.i-0abc');
  });
});
